import type { Address, Hex } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { TaskId } from '../../types/ids.ts';

/** The lifecycle of an optimistic task, as the hub's `Resolution` enum (the Ethereum Computation Market's). */
export const RESOLUTIONS = [
  'Pending',
  'WaitingForResolution',
  'SoftResolution',
  'NeedsResolution',
  'Resolving',
  'FirmResolution',
  'Finalized',
] as const;
export type ResolutionName = (typeof RESOLUTIONS)[number];

/**
 * The task's status derived from its resolution: `pending` (nobody answered), `answered` (open to
 * challenges), `disputed` (a game is open), `payable` (soft or firm: anyone may finalize it),
 * `completed` (paid) or `refunded` (the answer was overturned and the requester refunded).
 */
export type DisputedTaskStatus = 'pending' | 'answered' | 'disputed' | 'payable' | 'completed' | 'refunded';

export type TaskResolution = {
  state: ResolutionName;
  status: DisputedTaskStatus;
  overturned: boolean;
  challenges: number;
  openGames: number;
  /** Unix seconds: challenges are accepted before it. */
  windowEnd: number;
  answerer: Address;
  deposit: bigint;
  /** keccak256(abi.encode("proofgrid.provable.v1", outputDigest, startRoot, steps, endRoot)) (decision 022). */
  digest: Hex;
};

/** The task status an optimistic task's resolution stands for. */
export function taskStatusOf(state: ResolutionName, overturned: boolean): DisputedTaskStatus {
  switch (state) {
    case 'Pending':
      return 'pending';
    case 'WaitingForResolution':
      return 'answered';
    case 'NeedsResolution':
    case 'Resolving':
      return 'disputed';
    case 'SoftResolution':
    case 'FirmResolution':
      return 'payable';
    case 'Finalized':
      return overturned ? 'refunded' : 'completed';
  }
}

/**
 * Reads the ECM state of an optimistic task (decision 026): its stored or time-derived resolution,
 * the answer, its deposit and challenges.
 * @example
 * import { getTaskResolution, taskIdOf } from '@proofgrid/sdk';
 * const { state, status } = await getTaskResolution(client, taskIdOf(dealId, 0));
 */
export async function getTaskResolution(client: ProofgridClient, taskId: TaskId): Promise<TaskResolution> {
  const a = (await client.public.readContract({
    address: client.deployment.hub,
    abi: hubAbi,
    functionName: 'answerOf',
    args: [taskId],
  })) as {
    state: number;
    overturned: boolean;
    challenges: number;
    openGames: number;
    windowEnd: number;
    answerer: Address;
    deposit: bigint;
    digest: Hex;
  };
  const state = RESOLUTIONS[a.state] ?? 'Pending';
  return {
    state,
    status: taskStatusOf(state, a.overturned),
    overturned: a.overturned,
    challenges: a.challenges,
    openGames: a.openGames,
    windowEnd: Number(a.windowEnd),
    answerer: a.answerer,
    deposit: a.deposit,
    digest: a.digest,
  };
}
