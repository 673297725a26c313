import { type Trace, type Wallet, defend } from '@proofgrid/disputes';
import { type ProofgridClient, decodeError, getTaskResolution, hubAbi, resolveChallenge } from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import type { Logger } from 'pino';
import type { Address, Hex } from 'viem';
import type { createContentCache } from '../contentCache.ts';
import type { AnswerEntry, AnswerJournal } from './answerJournal.ts';
import { traceOf } from './answerer.ts';

type Opened = { challenge: bigint; game: Address; gameId: bigint; blockNumber: bigint };

/**
 * The defence of this worker's optimistic answers (decision 026): every `passMs` it looks for the
 * `DisputeGameOpened` events of its journaled answers (the hub opens each challenge's game with
 * `openDefended`, naming the answerer as defender), plays each new game's defender side with the honest
 * trace of the run (`defend` of @proofgrid/disputes) to its end, then calls `resolveChallenge`. An answer
 * leaves the journal once it is finalized (paid or refunded). The traces are rebuilt from the journal after
 * a restart, so a restarted worker still defends.
 */
export function createDefender(p: {
  client: ProofgridClient;
  journal: AnswerJournal;
  traces: Map<Hex, Trace>;
  cache: ReturnType<typeof createContentCache>;
  log: Logger;
  stats: { defended: number; defenceLost: number };
  passMs?: number;
}) {
  const { client, journal, traces, log } = p;
  const playing = new Set<string>();
  const abort = new AbortController();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function traceFor(entry: AnswerEntry): Promise<Trace> {
    let trace = traces.get(entry.taskId);
    if (!trace) {
      trace = await traceOf(entry, p.cache);
      traces.set(entry.taskId, trace);
    }
    return trace;
  }

  async function openedGames(entry: AnswerEntry): Promise<Opened[]> {
    const logs = await client.public.getContractEvents({
      address: client.deployment.hub,
      abi: hubAbi,
      eventName: 'DisputeGameOpened',
      args: { subject: entry.taskId },
      fromBlock: BigInt(entry.fromBlock),
    });
    return logs.map((l) => {
      const a = l.args as { challenge: bigint; game: Address; gameId: bigint };
      return { challenge: a.challenge, game: a.game, gameId: a.gameId, blockNumber: l.blockNumber as bigint };
    });
  }

  /** Plays one game's defender side to its end, then resolves the challenge (someone else may have first). */
  async function play(entry: AnswerEntry, g: Opened) {
    const trace = await traceFor(entry);
    log.warn({ dealId: entry.dealId, index: entry.index, challenge: Number(g.challenge) }, 'answer challenged: defending it');
    const result = await defend({
      publicClient: client.public as never,
      wallet: client.wallet as Wallet,
      address: g.game,
      gameId: g.gameId,
      fromBlock: g.blockNumber,
      view: trace,
      pollMs: 200,
      signal: abort.signal,
    });
    if (abort.signal.aborted) return;
    if (result.won) p.stats.defended++;
    else p.stats.defenceLost++;
    log.info({ index: entry.index, challenge: Number(g.challenge), status: result.status, moves: result.moves.length }, 'game over');
    const key = dealKeyFromWire(entry.key);
    try {
      await resolveChallenge(client, { key, index: entry.index, challenge: g.challenge });
    } catch (err) {
      log.debug({ index: entry.index, code: decodeError(err).code }, 'resolveChallenge refused (resolved by someone else?)');
    }
    entry.defended.push(Number(g.challenge));
    journal.save();
  }

  async function pass() {
    for (const entry of [...journal.entries]) {
      if (!entry.tx) continue;
      const r = await getTaskResolution(client, entry.taskId as never);
      if (r.state === 'Finalized') {
        journal.remove(entry);
        traces.delete(entry.taskId);
        continue;
      }
      if (r.challenges === 0) continue;
      for (const g of await openedGames(entry)) {
        const id = `${entry.taskId}:${g.challenge}`;
        if (entry.defended.includes(Number(g.challenge)) || playing.has(id)) continue;
        playing.add(id);
        play(entry, g)
          .catch((err: unknown) =>
            log.warn({ index: entry.index, code: decodeError(err).code }, `defence failed: ${decodeError(err).shortMessage}`),
          )
          .finally(() => playing.delete(id));
      }
    }
  }

  async function loop() {
    try {
      await pass();
    } catch (err) {
      log.warn({ code: decodeError(err).code }, `answer watch failed; tried again: ${decodeError(err).shortMessage}`);
    }
    if (!stopped) timer = setTimeout(loop, p.passMs ?? 500);
  }

  return {
    start: () => void loop(),
    stop() {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
    },
    /** Games being played now. */
    playing: () => playing.size,
  };
}
