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
};

export type CreateProofgridClientParameters = {
  deployment: Deployment;
  /** A local account (privateKeyToAccount) or an injected wallet's client. */
  account?: Account;
  wallet?: WalletClient;
  transport?: Transport;
  /** Blocks are polled at this interval (ms) when waiting for receipts. */
  pollingInterval?: number;
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
}: CreateProofgridClientParameters): ProofgridClient {
  const chain = chainOf(deployment);
  const t = transport ?? http(deployment.rpcUrl, { batch: false, retryCount: 2 });
  const publicClient = createPublicClient({ chain, transport: t, pollingInterval }) as PublicClient;
  const walletClient = wallet ?? (account ? createWalletClient({ chain, transport: t, account, pollingInterval }) : undefined);
  return { deployment, chain, public: publicClient, wallet: walletClient, account: account ?? walletClient?.account };
}
