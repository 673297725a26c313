import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseEther } from 'viem';
import { type Deployment, jsonSafe } from '@proofgrid/sdk';
import { type DevAccount, devAccounts } from './accounts.ts';
import { deployProofgrid } from './deploy.ts';
import { fundAccounts } from './fund.ts';
import { type Anvil, startAnvil } from './startAnvil.ts';
import { startEdr } from './startEdr.ts';
import { type DevCertificates, devCertificates } from './tls.ts';

export type Devnet = {
  deployment: Deployment;
  accounts: DevAccount[];
  /** The node this devnet started (anvil, or EDR with `chain: 'edr'`: the same surface); none with `rpcUrl`. */
  anvil: Anvil | undefined;
  /** Which EVM implementation serves the chain ('rpc': a node the caller runs). */
  chain: DevnetChain | 'rpc';
  /** With `tlsDir`: the local CA and the loopback server certificate (decision 017). */
  tls?: DevCertificates;
  stop: () => Promise<void>;
};
/** anvil (Foundry, the default) or Hardhat's EDR: two independent EVM implementations, both from npm. */
export type DevnetChain = 'anvil' | 'edr';
export type StartDevnetParameters = {
  /** Which node to start when there is no `rpcUrl` (default anvil). */
  chain?: DevnetChain;
  /** Seconds between blocks (interval mining, as a real chain); absent: a block per transaction. */
  blockTime?: number;
  /** Use this running EVM node instead of starting anvil (the scale-out path). */
  rpcUrl?: string;
  /** How many dev accounts to fund (6 roles + workers). */
  accounts?: number;
  rollbackWindow?: bigint;
  /** Write the deployment (addresses, rpc url) to this JSON file. */
  deploymentFile?: string;
  tokensPerAccount?: bigint;
  /** Make (or reuse) the devnet's CA and server certificate in this directory (ca.pem, cert.pem, key.pem). */
  tlsDir?: string;
};

/**
 * A real local chain with Proofgrid deployed and dev accounts funded with ETH and tokens.
 * @example
 * import { startDevnet } from '@proofgrid/devnet';
 * const devnet = await startDevnet({ accounts: 12 });
 * … await devnet.stop();
 */
export async function startDevnet({
  rpcUrl,
  accounts = 16,
  rollbackWindow = 0n,
  deploymentFile,
  tokensPerAccount = parseEther('1000000'),
  tlsDir,
  chain = 'anvil',
  blockTime,
}: StartDevnetParameters = {}): Promise<Devnet> {
  const tls = tlsDir ? await devCertificates(tlsDir) : undefined;
  const nodeAccounts = Math.max(accounts, 10);
  const anvil: Anvil | undefined = rpcUrl
    ? undefined
    : chain === 'edr'
      ? await startEdr({ accounts: nodeAccounts, blockTime })
      : await startAnvil({ accounts: nodeAccounts, blockTime });
  const url = rpcUrl ?? (anvil as Anvil).rpcUrl;
  const dev = devAccounts(accounts);
  try {
    const admin = dev[0] as DevAccount;
    const deployment = await deployProofgrid({ rpcUrl: url, deployerKey: admin.privateKey, rollbackWindow, checker: admin.address });
    await fundAccounts({
      deployment,
      deployerKey: admin.privateKey,
      recipients: dev.slice(1).map((a) => a.address),
      amount: tokensPerAccount,
    });
    if (deploymentFile) {
      mkdirSync(dirname(deploymentFile), { recursive: true });
      writeFileSync(deploymentFile, `${JSON.stringify(jsonSafe(deployment), null, 2)}\n`);
    }
    return { deployment, accounts: dev, anvil, chain: rpcUrl ? 'rpc' : chain, tls, stop: async () => anvil?.stop() };
  } catch (err) {
    await anvil?.stop();
    throw err;
  }
}
