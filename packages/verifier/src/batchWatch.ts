// The verifier watching finalized replicated batches of disputable deals (decision 030 point 5): each BatchFinalized
// log of a replicated deal whose tasks the scheduler's deal view serves as provable leaves with their pre-images
// (decision 030 point 6); each picked task re-executed, its leaf compared (batchVerdictOf), a wrong one shown wrong
// (showBatchTaskWrong: refuteBatch, demandBatchStart, or challengeBatch + game + resolveBatchChallenge).
// The pre-images come from the deal's scheduler: a scheduler that withholds them leaves the batch `withheld`
// (decision 030 point 7, a hub-side source of pre-images, is not built).
import {
  type DealKey,
  type ProofgridClient,
  type ProvableClaim,
  getBatchStatus,
  getHubEvents,
  hubAbi,
  resolveBatchStartDemand,
  taskIdOf,
} from '@proofgrid/sdk';
import { type Hex, parseEventLogs } from 'viem';
import { type BatchAction, type BatchTask, showBatchTaskWrong } from './batchChallenger.ts';
import { type BatchTaskVerdict, batchVerdictOf } from './batchVerdict.ts';
import type { Log } from './challenger.ts';
import type { HonestRun } from './reexecute.ts';
import { isPicked } from './select.ts';

/** Blocks per getLogs call. */
const RANGE = 5_000n;

/** What the verifier reads of a deal's view (the scheduler's `GET /v1/deals/<id>`): each task's leaf and pre-image. */
export type BatchDealView = {
  tasks: { index: number; digest?: Hex; leaf?: { outputDigest: Hex; claim: { startRoot: Hex; endRoot: Hex; steps: string } } }[];
};

/** Reads a deal's view from its scheduler (`<url>/v1/deals/<dealId>`). */
export const dealViewFetcher = (url: string) => async (dealId: Hex) => {
  const res = await fetch(`${url}/v1/deals/${dealId}`);
  if (!res.ok) throw new Error(`the scheduler ${url} has no view of deal ${dealId} (HTTP ${res.status})`);
  return (await res.json()) as BatchDealView;
};

/** What the watch did with one task of a finalized batch. */
export type BatchTaskOutcome = {
  batchId: Hex;
  index: number;
  verdict: BatchTaskVerdict['state'] | 'unverifiable';
  action?: BatchAction;
  detail?: string;
};

export type BatchWatchOptions = {
  client: ProofgridClient;
  secret: Hex;
  fraction: number;
  /** The verifier's own run of a task (production: the reexecutor's `run`). */
  honestRun: (taskId: Hex, key: DealKey, dealId: Hex, params: string, index: number) => Promise<HonestRun>;
  dealView: (dealId: Hex) => Promise<BatchDealView>;
  log: Log;
  fromBlock?: bigint;
  signal?: AbortSignal;
  pollMs?: number;
};

/**
 * A watch over finalized batches: `scan()` reads BatchFinalized logs from its cursor to the head and checks each
 * replicated batch once; a batch whose check fails (its scheduler unreachable, a call reverted) stops the scan there,
 * to be read again next time. The cursor is kept in memory: after a restart the batches are checked again, and a
 * call against a batch already overturned reverts (logged).
 */
export function createBatchWatch(o: BatchWatchOptions) {
  let cursor: bigint | undefined;
  const demands = new Map<Hex, { task: BatchTask; deadline: number; fromBlock: bigint }>();
  /** Batches checked to their end: a range scanned again after an error skips them. */
  const checked = new Set<Hex>();
  const deals = new Map<Hex, { key: DealKey; params: string }>();

  async function dealOf(dealId: Hex) {
    const known = deals.get(dealId);
    if (known) return known;
    const [m] = await getHubEvents(o.client, { eventName: 'DealMatched', args: { dealId } });
    if (!m) return undefined;
    const deal = m.args as { key: DealKey; params: string };
    deals.set(dealId, deal);
    return deal;
  }

  /** One finalized batch: its picked tasks checked, the first wrong leaf shown wrong (one win overturns the batch). */
  async function checkBatch(b: { batchId: Hex; dealId: Hex; first: number; count: number; root: Hex }): Promise<BatchTaskOutcome[]> {
    const deal = await dealOf(b.dealId);
    if (deal?.key.verification !== 0 || deal.key.dataset !== 0n) return [];
    // Overturned or rolled back since (by another verifier, or by this one before a restart): nothing left to show.
    if ((await getBatchStatus(o.client, { key: deal.key, first: b.first, count: b.count })) !== 'Finalized') return [];
    const view = await o.dealView(b.dealId);
    const tasks = view.tasks.filter((t) => t.index >= b.first && t.index < b.first + b.count).sort((x, y) => x.index - y.index);
    const digests = tasks.map((t) => t.digest);
    // Not a provable batch (no leaves served): a plain result digest cannot be disputed.
    if (tasks.length !== b.count || !tasks.every((t) => t.digest && t.leaf)) return [];
    const outcomes: BatchTaskOutcome[] = [];
    for (const t of tasks) {
      const taskId = taskIdOf(b.dealId, t.index);
      if (!isPicked(o, taskId)) continue;
      let honest: HonestRun;
      try {
        honest = await o.honestRun(taskId, deal.key, b.dealId, deal.params, t.index);
      } catch (err) {
        outcomes.push({ batchId: b.batchId, index: t.index, verdict: 'unverifiable', detail: (err as Error).message });
        continue;
      }
      const leaf = t.leaf as NonNullable<typeof t.leaf>;
      const claim: ProvableClaim = { startRoot: leaf.claim.startRoot, endRoot: leaf.claim.endRoot, steps: BigInt(leaf.claim.steps) };
      const verdict = batchVerdictOf({
        first: b.first,
        index: t.index,
        digests: digests as Hex[],
        root: b.root,
        honest,
        preimage: { outputDigest: leaf.outputDigest, claim },
      });
      if (verdict.state !== 'mismatch') {
        outcomes.push({
          batchId: b.batchId,
          index: t.index,
          verdict: verdict.state,
          detail: 'detail' in verdict ? verdict.detail : undefined,
        });
        continue;
      }
      const task = { key: deal.key, first: b.first, count: b.count, index: t.index };
      const action = await showBatchTaskWrong(o.client, task, verdict, honest.trace, { signal: o.signal, pollMs: o.pollMs });
      o.log('info', 'a wrong leaf of a finalized batch shown wrong', {
        batch: b.batchId,
        index: t.index,
        plan: verdict.plan,
        tx: action.tx,
      });
      outcomes.push({ batchId: b.batchId, index: t.index, verdict: 'mismatch', action, detail: verdict.detail });
      if (action.kind === 'demanded') await remember(task, action.tx);
      break;
    }
    return outcomes;
  }

  /** A start demand this watch opened: followed until the scheduler proves the start or the dispute clock runs out. */
  async function remember(task: BatchTask, tx: Hex) {
    const receipt = await o.client.public.getTransactionReceipt({ hash: tx });
    const [d] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'StartDemanded' });
    if (!d) throw new Error(`the start demand opened no StartDemanded (transaction ${tx})`);
    const { subject, deadline } = d.args as { subject: Hex; deadline: number };
    demands.set(subject, { task, deadline: Number(deadline), fromBlock: receipt.blockNumber });
  }

  /** The open demands: proven by the deal's scheduler (the deposit lost), or past their deadline (resolved: overturned). */
  async function followDemands(): Promise<{ subject: Hex; outcome: 'proven' | 'overturned' }[]> {
    const ended: { subject: Hex; outcome: 'proven' | 'overturned' }[] = [];
    for (const [subject, d] of demands) {
      const [proven] = await getHubEvents(o.client, { eventName: 'StartProven', args: { subject }, fromBlock: d.fromBlock });
      if (proven) {
        o.log('warn', "batch start demand proven by the deal's scheduler: the deposit went to it", { batch: subject, index: d.task.index });
        ended.push({ subject, outcome: 'proven' });
        demands.delete(subject);
        continue;
      }
      const now = Number((await o.client.public.getBlock({ blockTag: 'latest' })).timestamp);
      if (now < d.deadline) continue;
      try {
        await resolveBatchStartDemand(o.client, d.task);
      } catch (err) {
        if ((err as { code?: string }).code !== 'StartDemandUnknown') throw err; // someone resolved it first
      }
      o.log('info', 'batch start demand expired: the batch overturned', { batch: subject, index: d.task.index });
      ended.push({ subject, outcome: 'overturned' });
      demands.delete(subject);
    }
    return ended;
  }

  async function scan(): Promise<BatchTaskOutcome[]> {
    await followDemands().catch((err: unknown) =>
      o.log('error', 'following batch start demands failed, retried next scan', { error: (err as Error).message }),
    );
    const head = await o.client.public.getBlockNumber();
    let from = cursor ?? o.fromBlock ?? o.client.deployment.startBlock ?? 0n;
    const outcomes: BatchTaskOutcome[] = [];
    scanning: while (from <= head) {
      const to = from + RANGE - 1n < head ? from + RANGE - 1n : head;
      const finalized = await getHubEvents(o.client, { eventName: 'BatchFinalized', fromBlock: from, toBlock: to });
      for (const f of finalized) {
        const { batchId, dealId, first, count, resultRoot } = f.args as {
          batchId: Hex;
          dealId: Hex;
          first: number;
          count: number;
          resultRoot: Hex;
        };
        if (checked.has(batchId)) continue;
        const b = { batchId, dealId, first: Number(first), count: Number(count), root: resultRoot };
        try {
          outcomes.push(...(await checkBatch(b)));
          checked.add(batchId);
        } catch (err) {
          // The scheduler or the chain unreachable, a call reverted: this range is read again next time.
          o.log('error', 'a finalized batch could not be checked, retried next scan', { batch: batchId, error: (err as Error).message });
          break scanning;
        }
      }
      cursor = to + 1n;
      from = to + 1n;
    }
    for (const x of outcomes)
      if (x.verdict === 'agreed')
        o.log('info', "a finalized batch's leaf agrees with the verifier's run", { batch: x.batchId, index: x.index });
      else if (x.verdict === 'withheld' || x.verdict === 'unverifiable')
        o.log('warn', `a finalized batch's task is ${x.verdict}`, { batch: x.batchId, index: x.index, detail: x.detail });
    return outcomes;
  }

  return { scan, checkBatch, followDemands };
}
export type BatchWatch = ReturnType<typeof createBatchWatch>;
