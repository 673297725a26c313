import {
  type DealKey,
  type ProofgridClient,
  type TaskInputs,
  batchIdOf,
  dealIdOf,
  decodeError,
  hubAbi,
  proveBatchStart,
  resolveBatchChallenge,
  taskInputsOf,
} from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import { defendGame, openTrace, serialClient, traceBoundsOf } from '@proofgrid/worker/trace';
import { type Hex, decodeFunctionData, encodeAbiParameters, keccak256 } from 'viem';
import type { Ctx } from '../engine/context.ts';
import type { BatchRow, DealRow } from '../store/types.ts';

/** Blocks per `eth_getLogs`. */
const MAX_LOG_RANGE = 5_000n;
/** Reverts of `proveBatchStart` that mean nothing is owed (no open demand, or proven already). */
const SETTLED = new Set(['StartDemandUnknown', 'StartAlreadyProven']);

/**
 * The scheduler's defence of its replicated batches (decision 030 point 4): it is the defender the hub names for
 * `challengeBatch` games and the revealer of `demandBatchStart`. Each `pass` reads the hub's `DisputeGameOpened` and
 * `StartDemanded` logs from its cursor to the head (bounded ranges); an event whose subject is a batch of this store is
 * answered in the background: the task's inputs rebuilt as a worker gets them (`taskInputsOf`, the blobs from this
 * scheduler's content store), its run in a trace thread of @proofgrid/worker (never on this event loop, bounded by the
 * task's limits), then `defendGame` and `resolveBatchChallenge` once the game ended, or `proveBatchStart` with the
 * start's pre-images. Every transaction goes through the scheduler's one queue (`serialClient`). A batch demand's
 * subject is keccak256(batchId, index), so its batch and task are read from the demand's calldata (`demandBatchStart`)
 * and checked against the subject: a demand sent through another contract is not followed (limitation, decision 030).
 */
export function createBatchDefence(
  ctx: Pick<Ctx, 'store' | 'client' | 'blobs' | 'log' | 'queue'>,
  o: { fromBlock?: bigint; pollMs?: number } = {},
) {
  const { store, blobs, log } = ctx;
  const client: ProofgridClient = serialClient(ctx.client, ctx.queue);
  let cursor = (o.fromBlock ?? 0n) - 1n;
  const busy = new Set<string>();
  const stats = { gamesDefended: 0, gamesWon: 0, startsProven: 0, failures: 0 };

  const fetchBlob = async (hash: Hex) => new Uint8Array(blobs.get(hash.toLowerCase()));
  async function inputsOf(deal: DealRow, index: number): Promise<TaskInputs> {
    const d = {
      dealId: deal.deal_id,
      params: deal.params,
      moduleHash: deal.module_hash as Hex,
      appMemoryMb: deal.app_memory_mb,
      categoryMaxSeconds: deal.category_max_s,
    };
    return taskInputsOf(d, index, fetchBlob);
  }
  function traceOf(inputs: TaskInputs) {
    const { module, args, files, seed, env, limits } = inputs;
    const request = { module, args, files, seed, env, limits: { memoryMb: limits.memoryMb, maxOutputBytes: limits.maxOutputBytes } };
    return openTrace(request, traceBoundsOf({ timeoutMs: limits.timeoutMs }));
  }

  /** Plays the defender's side of a game over task `index` of `b`, then resolves the challenge. */
  async function defend(b: BatchRow, deal: DealRow, key: DealKey, ev: { game: Hex; gameId: bigint; challenge: bigint; block: bigint }) {
    const index = await challengedIndex(b.batch_id, ev.challenge, ev.block);
    const run = traceOf(await inputsOf(deal, index));
    try {
      const r = await defendGame({ client, game: ev.game, gameId: ev.gameId, fromBlock: ev.block, run, pollMs: o.pollMs });
      stats.gamesDefended++;
      if (r.won) stats.gamesWon++;
      log.info({ batch: b.batch_id, index, status: r.status, moves: r.moves }, 'batch game over');
      if (r.status === 'Open') return;
      try {
        await resolveBatchChallenge(client, { key, first: b.first, count: b.count, challenge: ev.challenge });
      } catch (err) {
        // Resolved already (by the challenger, or before a restart rescanned the logs): nothing is owed.
        if (decodeError(err).code !== 'DisputeChallengeUnknown') throw err;
      }
    } finally {
      await run.close();
    }
  }

  /** The task a batch challenge named (`BatchChallenged` of the same block). */
  async function challengedIndex(batchId: Hex, challenge: bigint, block: bigint): Promise<number> {
    const evs = await client.public.getContractEvents({
      address: client.deployment.hub,
      abi: hubAbi,
      eventName: 'BatchChallenged',
      args: { batchId },
      fromBlock: block,
      toBlock: block,
    });
    const ev = evs.find((e) => (e.args as { challenge: bigint }).challenge === challenge);
    if (!ev) throw new Error(`no BatchChallenged ${challenge} of batch ${batchId} in block ${block}`);
    return Number((ev.args as { index: number }).index);
  }

  /**
   * The batch task a start demand names: its subject is keccak256(abi.encode(batchId, index)) (StartDemands.sol), so
   * the demand's calldata (`demandBatchStart`) says which; undefined when it is not a demand on a batch of this store.
   */
  async function demandedTask(subject: Hex, tx: Hex) {
    const { input } = await client.public.getTransaction({ hash: tx });
    let call: ReturnType<typeof decodeFunctionData<typeof hubAbi>>;
    try {
      call = decodeFunctionData({ abi: hubAbi, data: input });
    } catch {
      return undefined; // not a call of the hub (sent through another contract): not followed
    }
    if (call.functionName !== 'demandBatchStart') return undefined;
    const [wireKey, first, count, index] = call.args as unknown as [DealKey, number, number, number];
    const batchId = batchIdOf(dealIdOf(wireKey), first, count);
    if (keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint32' }], [batchId, index])) !== subject.toLowerCase())
      return undefined;
    const b = store.batches.get(batchId);
    const deal = b && store.deals.get(b.deal_id);
    return b && deal ? { b, deal, index } : undefined;
  }

  /** Reveals the start of task `index` of `b` (its pre-images from a trace thread). */
  async function prove(b: BatchRow, deal: DealRow, index: number) {
    const key = dealKeyFromWire(JSON.parse(deal.key));
    const run = traceOf(await inputsOf(deal, index));
    const reveal = await run.start().finally(() => run.close());
    try {
      await proveBatchStart(client, { key, first: b.first, count: b.count, index, reveal: reveal as never });
      stats.startsProven++;
      log.info({ batch: b.batch_id, index }, 'batch start proven');
    } catch (err) {
      if (!SETTLED.has(decodeError(err).code)) throw err;
    }
  }

  function background(id: string, work: () => Promise<void>) {
    if (busy.has(id)) return;
    busy.add(id);
    work()
      .catch((err: unknown) => {
        stats.failures++;
        log.warn({ id, code: decodeError(err).code }, `batch defence failed: ${decodeError(err).shortMessage}`);
      })
      .finally(() => busy.delete(id));
  }

  async function pass(): Promise<void> {
    const head = await client.public.getBlockNumber();
    for (let from = cursor + 1n; from <= head; from += MAX_LOG_RANGE) {
      const to = from + MAX_LOG_RANGE - 1n < head ? from + MAX_LOG_RANGE - 1n : head;
      const range = { address: client.deployment.hub, abi: hubAbi, fromBlock: from, toBlock: to } as const;
      const games = await client.public.getContractEvents({ ...range, eventName: 'DisputeGameOpened' });
      const demands = await client.public.getContractEvents({ ...range, eventName: 'StartDemanded' });
      for (const ev of games) {
        const a = ev.args as { subject: Hex; game: Hex; gameId: bigint; challenge: bigint };
        const b = store.batches.get(a.subject);
        const deal = b && store.deals.get(b.deal_id);
        if (!b || !deal) continue; // an optimistic task's game (its worker defends), or another pool's batch
        const key = dealKeyFromWire(JSON.parse(deal.key));
        const g = { game: a.game, gameId: a.gameId, challenge: a.challenge, block: ev.blockNumber };
        background(`game:${g.game}:${g.gameId}`, () => defend(b, deal, key, g));
      }
      for (const ev of demands) {
        const { subject } = ev.args as { subject: Hex };
        if (store.batches.get(subject)) continue; // a task id: an optimistic answer's demand (its worker proves it)
        background(`start:${subject}`, async () => {
          const t = await demandedTask(subject, ev.transactionHash);
          if (t) await prove(t.b, t.deal, t.index);
        });
      }
      cursor = to;
    }
  }

  return { pass, stats, busy: () => busy.size };
}
