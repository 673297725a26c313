import type { Address } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';

/**
 * An account's escrow on the hub: free (withdrawable) and locked (deal payments and stakes).
 * @example
 * import { getEscrow } from '@proofgrid/sdk';
 * const { escrow, locked } = await getEscrow(client, { account });
 */
export async function getEscrow(client: ProofgridClient, { account }: { account: Address }): Promise<{ escrow: bigint; locked: bigint }> {
  const { hub } = client.deployment;
  const [escrow, locked] = await Promise.all([
    client.public.readContract({ address: hub, abi: hubAbi, functionName: 'balanceOf', args: [account] }),
    client.public.readContract({ address: hub, abi: hubAbi, functionName: 'lockedOf', args: [account] }),
  ]);
  return { escrow, locked };
}

/**
 * A worker's reputation: its score and its credibility weight in consensus.
 * @example
 * import { getReputation } from '@proofgrid/sdk';
 * const { score, weight } = await getReputation(client, { account: worker });
 */
export async function getReputation(
  client: ProofgridClient,
  { account }: { account: Address },
): Promise<{ score: number; weight: number }> {
  const { hub } = client.deployment;
  const [score, weight] = await Promise.all([
    client.public.readContract({ address: hub, abi: hubAbi, functionName: 'scoreOf', args: [account] }),
    client.public.readContract({ address: hub, abi: hubAbi, functionName: 'weightOf', args: [account] }),
  ]);
  return { score: Number(score), weight: Number(weight) };
}
