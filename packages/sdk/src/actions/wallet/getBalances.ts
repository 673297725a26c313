import type { Address } from 'viem';
import { hubAbi, tokenAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';

export type GetBalancesParameters = { account: Address };
export type GetBalancesReturnType = { wallet: bigint; escrow: bigint; locked: bigint; score: number; ether: bigint };

/**
 * An account's token wallet balance, free and locked escrow balances, reputation score and ETH.
 * @example
 * import { getBalances } from '@proofgrid/sdk';
 * const { escrow, locked } = await getBalances(client, { account });
 */
export async function getBalances(client: ProofgridClient, { account }: GetBalancesParameters): Promise<GetBalancesReturnType> {
  const { hub, token } = client.deployment;
  const [wallet, escrow, locked, score, ether] = await Promise.all([
    client.public.readContract({ address: token, abi: tokenAbi, functionName: 'balanceOf', args: [account] }),
    client.public.readContract({ address: hub, abi: hubAbi, functionName: 'balanceOf', args: [account] }),
    client.public.readContract({ address: hub, abi: hubAbi, functionName: 'lockedOf', args: [account] }),
    client.public.readContract({ address: hub, abi: hubAbi, functionName: 'scoreOf', args: [account] }),
    client.public.getBalance({ address: account }),
  ]);
  return { wallet, escrow, locked, score: Number(score), ether };
}
