import { type Address, type Hex, type Log, type TransactionReceipt, parseEventLogs } from 'viem';
import { type ProofgridClient, hubAbi } from '@proofgrid/sdk';
import type { ChainPhase } from '../scheduling/lease.ts';

/**
 * What the chain says of a transaction a worker reported for its lease (decision 015):
 * `confirmed` (its receipt shows the reported effect), `unseen` (no receipt: unknown or still
 * pending), `contradicted` (the receipt shows something else), `unreadable` (the chain could not
 * be asked: nobody is blamed for that).
 */
export type Verdict =
  | { kind: 'confirmed'; root?: Hex }
  | { kind: 'unseen'; reason: string }
  | { kind: 'contradicted'; reason: string }
  | { kind: 'unreadable'; reason: string };

/**
 * The lease a report is about: its batch, its worker, and the root it reported (if it did). `task`: the
 * lease is an optimistic task's (decision 026), whose `pushed` is its answer (the digest it reported, if any).
 */
export type ReportedLease = { batchId: Hex; worker: Address; root: Hex | null; task?: { dealId: Hex; index: number; digest?: Hex } };

type EventOf = { eventName: string; args: Record<string, unknown> };
const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

/**
 * Judges a receipt against a report, without I/O: the transaction succeeded, was sent to the hub
 * by the lease's worker, and emitted the phase's event for the lease's batch and worker (`pushed`:
 * BatchRevealed and BatchFinalized; `contributed`: BatchContributed; `revealed`: BatchRevealed),
 * with the root the worker reported (pushed, revealed); an optimistic task's `pushed` is its TaskAnswered
 * by the worker, with the output digest it reported. Only the hub's own logs count.
 */
export function judgeReceipt(receipt: TransactionReceipt, hub: Address, lease: ReportedLease, phase: ChainPhase): Verdict {
  const contradicted = (reason: string): Verdict => ({ kind: 'contradicted', reason: `transaction ${receipt.transactionHash} ${reason}` });
  if (receipt.status !== 'success') return contradicted('reverted');
  if (!same(receipt.to, hub)) return contradicted(`was sent to ${receipt.to ?? 'no contract (a deployment)'}, not the hub ${hub}`);
  if (!same(receipt.from, lease.worker)) return contradicted(`was sent by ${receipt.from}, not by the lease's worker ${lease.worker}`);
  const hubLogs = receipt.logs.filter((l: Log) => same(l.address, hub));
  const events = parseEventLogs({ abi: hubAbi, logs: hubLogs }) as unknown as EventOf[];
  const ofBatch = (name: string, byWorker: boolean) =>
    events.find((e) => e.eventName === name && same(e.args.batchId, lease.batchId) && (!byWorker || same(e.args.worker, lease.worker)));
  const rootOf = (e: EventOf | undefined) => e?.args.resultRoot as Hex | undefined;
  const checkRoot = (root: Hex | undefined): Verdict =>
    lease.root && !same(root, lease.root)
      ? contradicted(`committed the root ${root}, not the reported ${lease.root}`)
      : { kind: 'confirmed', root };
  const task = lease.task;
  if (task && phase === 'pushed') {
    // An optimistic task is answered, not pushed: TaskAnswered by this worker, with the output digest it reported.
    const answered = events.find(
      (e) => e.eventName === 'TaskAnswered' && same(e.args.dealId, task.dealId) && Number(e.args.index) === task.index,
    );
    if (!answered || !same(answered.args.answerer, lease.worker))
      return contradicted(`answered no task ${task.index} of deal ${task.dealId}`);
    if (task.digest && !same(answered.args.outputDigest, task.digest))
      return contradicted(`answered with the output digest ${answered.args.outputDigest}, not the reported ${task.digest}`);
    return { kind: 'confirmed', root: lease.root ?? undefined };
  }
  switch (phase) {
    case 'pushed': {
      const finalized = ofBatch('BatchFinalized', false);
      if (!finalized || !ofBatch('BatchRevealed', true)) return contradicted(`pushed no result for batch ${lease.batchId}`);
      return checkRoot(rootOf(finalized));
    }
    case 'contributed':
      return ofBatch('BatchContributed', true) ? { kind: 'confirmed' } : contradicted(`made no contribution to batch ${lease.batchId}`);
    case 'revealed': {
      const revealed = ofBatch('BatchRevealed', true);
      if (!revealed) return contradicted(`revealed nothing for batch ${lease.batchId}`);
      return checkRoot(rootOf(revealed));
    }
  }
}

const isNotFound = (err: unknown) => (err as { name?: string }).name === 'TransactionReceiptNotFoundError';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads a reported transaction's receipt and judges it: one read when it is mined (workers report
 * after their receipt). Not found, it is asked for again every `pollMs` for up to `waitMs` (it may
 * be pending, or this node a block behind the worker's), then answered `unseen`.
 */
export async function checkReport(
  client: ProofgridClient,
  lease: ReportedLease,
  phase: ChainPhase,
  tx: Hex,
  { waitMs = 0, pollMs = 250 }: { waitMs?: number; pollMs?: number } = {},
): Promise<Verdict> {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const receipt = await client.public.getTransactionReceipt({ hash: tx });
      return judgeReceipt(receipt, client.deployment.hub, lease, phase);
    } catch (err) {
      if (!isNotFound(err)) return { kind: 'unreadable', reason: String((err as Error).message ?? err).split('\n')[0] as string };
    }
    if (Date.now() + pollMs > until) return { kind: 'unseen', reason: `transaction ${tx} is not on chain` };
    await sleep(pollMs);
  }
}
