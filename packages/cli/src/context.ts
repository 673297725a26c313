import { existsSync, readFileSync } from 'node:fs';
import {
  type Deployment,
  type ProofgridClient,
  ROLES,
  createProofgridClient,
  devAccount,
  devAccountIndex,
  parseDeployment,
} from '@proofgrid/sdk';
import { type MarketClient, createMarketClient } from '@proofgrid/sdk/api';
import type { Command } from 'commander';
import type { Account, Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { deploymentPath, marketUrl } from './config.ts';
import { ConfigError, UsageError } from './errors.ts';
import { type Output, createOutput } from './output.ts';

/** The options every command accepts (declared on the program). */
export type GlobalOptions = {
  deployment?: string;
  market?: string;
  key?: string;
  as?: string;
  json?: boolean;
  verbose?: boolean;
  /** A CA certificate to trust for https services (trust.ts). */
  ca?: string;
};

/**
 * What an action works with. Everything is resolved lazily, so a command that only reads the chain
 * needs no market and no key.
 */
export type Context = {
  out: Output;
  options: GlobalOptions;
  deployment(): Deployment;
  /** A client with the signer when one is configured (reads never need it). */
  client(): Promise<ProofgridClient>;
  /** A client that must have a signer (--key, PROOFGRID_KEY or --as). */
  signer(): Promise<ProofgridClient & { account: Account }>;
  market(): MarketClient;
  /** True when a market URL is configured (flag, env or .proofgrid/market.json). */
  hasMarket(): boolean;
};

/** The global options of the command being run: its own and every parent's, the root's first. */
export function globalOptions(command: Command): GlobalOptions {
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  return Object.assign({}, ...chain.map((c) => c.opts())) as GlobalOptions;
}

export function createContext(options: GlobalOptions): Context {
  let deployment: Deployment | undefined;
  let account: Account | null | undefined;
  let client: ProofgridClient | undefined;
  let market: MarketClient | undefined;

  const loadDeployment = () => {
    if (deployment) return deployment;
    const file = deploymentPath(options.deployment);
    if (!existsSync(file)) {
      throw new ConfigError(
        `no deployment file at ${file}: pass --deployment <file>, set PROOFGRID_DEPLOYMENT, or run \`npm start\``,
        'DeploymentNotFound',
        { file },
      );
    }
    try {
      deployment = parseDeployment(JSON.parse(readFileSync(file, 'utf8')));
    } catch (cause) {
      throw new ConfigError(`${file} is not a Proofgrid deployment (${(cause as Error).message})`, 'DeploymentInvalid', { file });
    }
    return deployment;
  };

  const loadAccount = async (): Promise<Account | null> => {
    if (account !== undefined) return account;
    const key = options.key ?? process.env.PROOFGRID_KEY;
    if (key && options.as) throw new UsageError('give either a key (--key / PROOFGRID_KEY) or --as <role>, not both', 'SignerAmbiguous');
    if (key) {
      if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key.trim()))
        throw new ConfigError('the private key is malformed: give 64 hex digits (0x optional)', 'KeyInvalid');
      account = privateKeyToAccount((key.trim().startsWith('0x') ? key.trim() : `0x${key.trim()}`) as Hex);
    } else if (options.as) account = await devAccountFor(options.as, loadDeployment().chainId);
    else account = null;
    return account;
  };

  return {
    out: createOutput({ json: options.json === true }),
    options,
    deployment: loadDeployment,
    async client() {
      if (!client) client = createProofgridClient({ deployment: loadDeployment(), account: (await loadAccount()) ?? undefined });
      return client;
    },
    async signer() {
      const c = await this.client();
      if (!c.account)
        throw new ConfigError(
          'this command signs: pass --key <hex>, set PROOFGRID_KEY, or on the devnet --as <role> (e.g. --as requester)',
          'SignerMissing',
        );
      return c as ProofgridClient & { account: Account };
    },
    market() {
      if (market) return market;
      const url = marketUrl(options.market);
      if (!url)
        throw new ConfigError(
          'no market service: pass --market <url>, set PROOFGRID_MARKET, or run `npm start` (it writes .proofgrid/market.json)',
          'MarketUnknown',
        );
      market = createMarketClient({ url });
      return market;
    },
    hasMarket: () => marketUrl(options.market) !== undefined,
  };
}

/** A devnet account by role (admin, requester, developer, dataOwner, poolOwner, scheduler, worker0…). */
async function devAccountFor(role: string, chainId: number): Promise<Account> {
  if (chainId !== 31337)
    throw new ConfigError(
      `--as ${role} only works on the local devnet (chain 31337), not chain ${chainId}: use --key`,
      'DevAccountUnavailable',
    );
  const index = devAccountIndex(role);
  if (index === undefined) throw new UsageError(`unknown role "${role}": one of ${ROLES.join(', ')}, worker0, worker1, …`, 'RoleUnknown');
  return privateKeyToAccount(devAccount(index).privateKey);
}

/** The address an account-taking command is about: the argument, or the signer's. */
export async function subjectAddress(ctx: Context, given: Address | undefined): Promise<Address> {
  if (given) return given;
  return (await ctx.signer()).account.address;
}
