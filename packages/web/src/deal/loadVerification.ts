import {
  type DisputeTimelineEntry,
  type ProofgridClient,
  type TaskResolution,
  getBatch,
  getDeal,
  getDisputeTimeline,
  getHubEvents,
  getTaskResolution,
  hubAbi,
  taskIdOf,
} from '@proofgrid/sdk';
import type { Hex } from 'viem';

/** Optimistic deals up to this volume get each task's state read one by one. */
const MAX_TASKS = 200;

export type OptimisticTask = { index: number; resolution: TaskResolution; timeline?: DisputeTimelineEntry[] };
export type ReplicatedBatch = {
  batchId: Hex;
  first: number;
  count: number;
  finalizedAt: number;
  /** Unix seconds: challenges of the batch (and the checker's overturn) are accepted before it. */
  windowEnd: number;
  overturned: boolean;
  timeline?: DisputeTimelineEntry[];
};

export type Verification =
  | { mode: 'optimistic'; challengeWindow: bigint; tasks: OptimisticTask[]; now: number; truncated: boolean }
  | { mode: 'replicated'; trust: number; rollbackWindow: bigint; batches: ReplicatedBatch[]; now: number };

/**
 * A deal's verification, read from the chain alone (the market need not know the deal): for an optimistic deal each
 * task's ECM state and, when challenged, the timeline of its disputes; for a replicated one each finalized batch's
 * rollback window and the timeline of its challenges.
 */
export async function loadVerification(reader: ProofgridClient, dealId: Hex): Promise<Verification> {
  const { key, blockNumber: fromBlock } = await getDeal(reader, { dealId });
  const now = Number((await reader.public.getBlock({ blockTag: 'latest' })).timestamp);
  if (key.verification === 1) {
    const volume = Math.min(key.volume, MAX_TASKS);
    const tasks = await Promise.all(
      Array.from({ length: volume }, async (_, index): Promise<OptimisticTask> => {
        const taskId = taskIdOf(dealId, index);
        const resolution = await getTaskResolution(reader, taskId);
        const timeline = resolution.challenges > 0 ? await getDisputeTimeline(reader, { taskId, fromBlock }) : undefined;
        return { index, resolution, timeline };
      }),
    );
    return { mode: 'optimistic', challengeWindow: key.challengeWindow, tasks, now, truncated: key.volume > MAX_TASKS };
  }
  const hubWindow = key.rollbackWindow
    ? key.rollbackWindow
    : ((await reader.public.readContract({ address: reader.deployment.hub, abi: hubAbi, functionName: 'rollbackWindow' })) as bigint);
  const [finalized, challenged] = await Promise.all([
    getHubEvents(reader, { eventName: 'BatchFinalized', args: { dealId }, fromBlock }),
    getHubEvents(reader, { eventName: 'BatchOverturned', args: { dealId }, fromBlock }),
  ]);
  const overturned = new Set(challenged.map((e) => e.args.batchId?.toLowerCase()));
  const batches = await Promise.all(
    finalized.map(async (e): Promise<ReplicatedBatch> => {
      const batchId = e.args.batchId as Hex;
      const [batch, count] = await Promise.all([
        getBatch(reader, { batchId }),
        reader.public.readContract({
          address: reader.deployment.hub,
          abi: hubAbi,
          functionName: 'challengeCount',
          args: [batchId],
        }) as Promise<bigint>,
      ]);
      const timeline = count > 0n ? await getDisputeTimeline(reader, { batchId, fromBlock }) : undefined;
      return {
        batchId,
        first: Number(e.args.first),
        count: Number(e.args.count),
        finalizedAt: Number(batch.finalizedAt),
        windowEnd: Number(batch.finalizedAt) + Number(hubWindow),
        overturned: overturned.has(batchId.toLowerCase()),
        timeline,
      };
    }),
  );
  return { mode: 'replicated', trust: key.trust, rollbackWindow: hubWindow, batches, now };
}
