import type { Address } from 'viem';
import { tokenAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';

export type Token = { address: Address; symbol: string; decimals: number };

/**
 * The market's token: its symbol and decimals, for showing amounts (see formatAmount).
 * @example
 * import { getToken } from '@proofgrid/sdk';
 * const { symbol, decimals } = await getToken(client); // { symbol: 'PGT', decimals: 18 }
 */
export async function getToken(client: ProofgridClient): Promise<Token> {
  const address = client.deployment.token;
  const [symbol, decimals] = await Promise.all([
    client.public.readContract({ address, abi: tokenAbi, functionName: 'symbol' }),
    client.public.readContract({ address, abi: tokenAbi, functionName: 'decimals' }),
  ]);
  return { address, symbol, decimals: Number(decimals) };
}

/**
 * The token balance of any address (a wallet, or the hub itself: the escrow it holds).
 * @example
 * import { getTokenBalance } from '@proofgrid/sdk';
 * const held = await getTokenBalance(client, { account: client.deployment.hub });
 */
export async function getTokenBalance(client: ProofgridClient, { account }: { account: Address }): Promise<bigint> {
  return client.public.readContract({ address: client.deployment.token, abi: tokenAbi, functionName: 'balanceOf', args: [account] });
}
