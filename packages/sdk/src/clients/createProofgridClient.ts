import {
  type Account,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
} from 'viem';
import type { Deployment } from '../types/ids.ts';

/** What every action takes: the chain, the deployment, a public client and optionally a signer. */
export type ProofgridClient = {
  deployment: Deployment;
  chain: Chain;
  public: PublicClient;
  wallet: WalletClient | undefined;
  account: Account | undefined;
  /** How transactions are sent and awaited (absent: defaults, a local node's settings). */
  tx?: TransactionSettings;
};

/** Settings for a chain that is not a dev node (docs/deploy.md). */
export type TransactionSettings = {
  /** Blocks a receipt must be under before a send resolves: 1 (default) is the receipt's own block. */
  confirmations: number;
  /** The most this client pays per gas (wei): the EIP-1559 max fee is capped at it. Absent: the node's estimate. */
  maxFeePerGas?: bigint;
};

export type CreateProofgridClientParameters = {
  deployment: Deployment;
  /** A local account (privateKeyToAccount) or an injected wallet's client. */
  account?: Account;
  wallet?: WalletClient;
  transport?: Transport;
  /** Blocks are polled at this interval (ms) when waiting for receipts. */
  pollingInterval?: number;
  /** Blocks a transaction's receipt must be under before a send resolves (default 1: its own block). */
  confirmations?: number;
  /** A cap on the EIP-1559 max fee per gas, wei (default none: base fee x 1.2 + the node's priority fee). */
  maxFeePerGas?: bigint;
};

/** A chain definition for a deployment (local anvil or any EVM network). */
export function chainOf(deployment: Deployment): Chain {
  return defineChain({
    id: deployment.chainId,
    name: deployment.chainId === 31337 ? 'Proofgrid devnet' : `chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [deployment.rpcUrl] } },
  });
}

/**
 * Creates a client bound to one Proofgrid deployment.
 * @example
 * import { createProofgridClient } from '@proofgrid/sdk';
 * import { privateKeyToAccount } from 'viem/accounts';
 * const client = createProofgridClient({ deployment, account: privateKeyToAccount(key) });
 */
export function createProofgridClient({
  deployment,
  account,
  wallet,
  transport,
  pollingInterval = 50,
  confirmations = 1,
  maxFeePerGas,
}: CreateProofgridClientParameters): ProofgridClient {
  const chain = chainOf(deployment);
  const t = transport ?? http(deployment.rpcUrl, { batch: false, retryCount: 2 });
  const publicClient = createPublicClient({ chain, transport: t, pollingInterval }) as PublicClient;
  const walletClient = wallet ?? (account ? createWalletClient({ chain, transport: t, account, pollingInterval }) : undefined);
  if (!Number.isInteger(confirmations) || confirmations < 1)
    throw new RangeError(`confirmations must be an integer >= 1, got ${confirmations}`);
  return {
    deployment,
    chain,
    public: publicClient,
    wallet: walletClient,
    account: account ?? walletClient?.account,
    tx: { confirmations, maxFeePerGas },
  };
}
