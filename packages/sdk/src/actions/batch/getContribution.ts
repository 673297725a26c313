import type { Address, Hex } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';

/** The names of Solidity's `ContributionStatus`, by value. */
export const CONTRIBUTION_STATUS = ['None', 'Contributed', 'Revealed', 'Rejected'] as const;
export type ContributionStatusName = (typeof CONTRIBUTION_STATUS)[number];

export type GetContributionParameters = { batchId: Hex; worker: Address };
export type Contribution = { status: ContributionStatusName; weight: number; resultHash: Hex };

/**
 * A worker's contribution to a batch as the hub holds it: whether a contribution whose receipt
 * was lost did land, and whether a reopened batch rejected it.
 * @example
 * import { getContribution } from '@proofgrid/sdk';
 * const { status } = await getContribution(client, { batchId, worker: account.address });
 */
export async function getContribution(client: ProofgridClient, { batchId, worker }: GetContributionParameters): Promise<Contribution> {
  const c = (await client.public.readContract({
    address: client.deployment.hub,
    abi: hubAbi,
    functionName: 'contributionOf',
    args: [batchId as never, worker],
  })) as unknown as { status: number; weight: number; resultHash: Hex };
  return { status: CONTRIBUTION_STATUS[Number(c.status)] ?? 'None', weight: Number(c.weight), resultHash: c.resultHash };
}
