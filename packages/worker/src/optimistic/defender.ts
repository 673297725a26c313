import { type ProofgridClient, decodeError, getTaskResolution, hubAbi, resolveChallenge } from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import type { Logger } from 'pino';
import type { Address, Log } from 'viem';
import type { createContentCache } from '../contentCache.ts';
import type { AnswerEntry, AnswerJournal } from './answerJournal.ts';
import { boundsOf, requestOf } from './answerer.ts';
import { defendGame } from './defendGame.ts';
import { createHubLogCursor } from './hubLogs.ts';
import { createStartProver } from './startProver.ts';
import { openTrace } from './traceHost.ts';

type Opened = { challenge: bigint; game: Address; gameId: bigint; blockNumber: bigint };
type HubLog = Log & { eventName: string; args: Record<string, unknown> };

/** How often the hub's new blocks are looked at (one `eth_blockNumber`; one `eth_getLogs` when blocks came). */
const PASS_MS = 500;
/** How often every journaled answer is read on its own (the safety net for a missed log, and the start-up read). */
const SAFETY_MS = 30_000;

/**
 * The defence of this worker's optimistic answers (decision 026), event-driven: every `passMs` one read of the
 * node's head and, when blocks came, one `eth_getLogs` for the hub's `DisputeGameOpened` and `AnswerFinalized` of
 * every journaled task (hubLogs.ts): the cost does not grow with the answers held. Every `safetyMs` (and at start,
 * which covers what happened while the worker was down) each answer's resolution and games are read on their own.
 * A game opened against an answer is played on the defender's side (defendGame.ts: the replays in a trace thread,
 * the moves through the account's queue) to its end, then `resolveChallenge`; an answer leaves the journal once it is
 * finalized (paid or refunded).
 */
export function createDefender(p: {
  client: ProofgridClient;
  journal: AnswerJournal;
  cache: ReturnType<typeof createContentCache>;
  log: Logger;
  stats: { defended: number; defenceLost: number; startsProven?: number };
  passMs?: number;
  safetyMs?: number;
  /** How often a game's state is read on the challenger's turn (ms). */
  gamePollMs?: number;
}) {
  const { client, journal, log } = p;
  const playing = new Set<string>();
  const abort = new AbortController();
  const cursor = createHubLogCursor(client, ['DisputeGameOpened', 'StartDemanded', 'AnswerFinalized']);
  const starts = createStartProver(p);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let safetyAt = Number.NEGATIVE_INFINITY;

  async function openedGames(entry: AnswerEntry): Promise<Opened[]> {
    const logs = await client.public.getContractEvents({
      address: client.deployment.hub,
      abi: hubAbi,
      eventName: 'DisputeGameOpened',
      args: { subject: entry.taskId },
      fromBlock: BigInt(entry.fromBlock),
    });
    return logs.map((l) => openedOf(l as unknown as HubLog));
  }
  const openedOf = (l: HubLog): Opened => {
    const a = l.args as { challenge: bigint; game: Address; gameId: bigint };
    return { challenge: a.challenge, game: a.game, gameId: a.gameId, blockNumber: l.blockNumber as bigint };
  };

  /** Plays one game's defender side to its end, then resolves the challenge (someone else may have first). */
  async function play(entry: AnswerEntry, g: Opened) {
    log.warn({ dealId: entry.dealId, index: entry.index, challenge: Number(g.challenge) }, 'answer challenged: defending it');
    const run = openTrace(await requestOf(entry, p.cache), boundsOf(entry));
    const result = await defendGame({
      client,
      game: g.game,
      gameId: g.gameId,
      fromBlock: g.blockNumber,
      run,
      pollMs: p.gamePollMs,
      signal: abort.signal,
    }).finally(() => run.close());
    if (abort.signal.aborted) return;
    if (result.won) p.stats.defended++;
    else p.stats.defenceLost++;
    log.info({ index: entry.index, challenge: Number(g.challenge), status: result.status, moves: result.moves }, 'game over');
    try {
      await resolveChallenge(client, { key: dealKeyFromWire(entry.key), index: entry.index, challenge: g.challenge });
    } catch (err) {
      log.debug({ index: entry.index, code: decodeError(err).code }, 'resolveChallenge refused (resolved by someone else?)');
    }
    entry.defended.push(Number(g.challenge));
    journal.save();
  }

  /** Starts playing a game unless it is played now or was played to its end. */
  function defendOnce(entry: AnswerEntry, g: Opened) {
    const id = `${entry.taskId}:${g.challenge}`;
    if (entry.defended.includes(Number(g.challenge)) || playing.has(id)) return;
    playing.add(id);
    play(entry, g)
      .catch((err: unknown) =>
        log.warn({ index: entry.index, code: decodeError(err).code }, `defence failed: ${decodeError(err).shortMessage}`),
      )
      .finally(() => playing.delete(id));
  }

  function finalized(entry: AnswerEntry) {
    journal.remove(entry);
  }

  /** The safety net: every answer read on its own (its resolution, and its games when challenged). */
  async function readEach() {
    for (const entry of [...journal.entries]) {
      if (!entry.tx) continue;
      const r = await getTaskResolution(client, entry.taskId as never);
      if (r.state === 'Finalized') {
        finalized(entry);
        continue;
      }
      // A start demand keeps the answer Resolving as a game does (openGames), without a challenge of its own.
      if (r.state === 'Resolving') await starts.check(entry);
      if (r.challenges === 0) continue;
      for (const g of await openedGames(entry)) defendOnce(entry, g);
    }
  }

  /** New blocks: the hub's events of the journaled tasks, one query for all of them. */
  async function readNewBlocks() {
    const subjects = journal.entries.map((e) => e.taskId);
    for (const l of (await cursor.next(subjects)) as HubLog[]) {
      const taskId = String(l.args.subject ?? l.args.taskId).toLowerCase();
      const entry = journal.entries.find((e) => e.taskId.toLowerCase() === taskId);
      if (!entry) continue;
      if (l.eventName === 'AnswerFinalized') finalized(entry);
      else if (l.eventName === 'StartDemanded') starts.proveOnce(entry);
      else defendOnce(entry, openedOf(l));
    }
  }

  async function pass() {
    await readNewBlocks();
    if (Date.now() - safetyAt >= (p.safetyMs ?? SAFETY_MS)) {
      safetyAt = Date.now();
      await readEach();
    }
  }

  async function loop() {
    try {
      await pass();
    } catch (err) {
      log.warn({ code: decodeError(err).code }, `answer watch failed; tried again: ${decodeError(err).shortMessage}`);
    }
    if (!stopped) timer = setTimeout(loop, p.passMs ?? PASS_MS);
  }

  return {
    start: () => void loop(),
    stop() {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
    },
    /** One look (tests): new blocks, then the safety net when it is due. */
    pass,
    /** Games being played and start demands being proven now. */
    playing: () => playing.size + starts.proving(),
  };
}
