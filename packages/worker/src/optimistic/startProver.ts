import { inputsProofOf, taskInputsFieldsOf } from '@proofgrid/disputes';
import { type ProofgridClient, decodeError, hubAbi, proveStart } from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import type { Logger } from 'pino';
import type { createContentCache } from '../contentCache.ts';
import type { AnswerEntry, AnswerJournal } from './answerJournal.ts';
import { boundsOf, requestOf } from './answerer.ts';
import { openTrace } from './traceHost.ts';

/** Reverts of `proveStart` that mean there is nothing (left) to prove: no open demand, or proven already. */
const SETTLED = new Set(['StartDemandUnknown', 'StartAlreadyProven']);

/**
 * The answers to start demands on this worker's optimistic answers (decision 027 point 6): anyone may `demandStart`
 * an answer, and unless the answerer reveals its claim's start state within the dispute clock the answer is
 * overturned. A demand seen (`StartDemanded` in the defender's log cursor, or in the safety net's read of an answer
 * that is Resolving) is proven at once: the start state's pre-images (`bindingArguments(trace, 'start')`) come from
 * the run rebuilt from the journal in a trace thread, and `proveStart` goes out through the account's serial queue
 * (the client's wallet). The demander's deposit is credited to this worker's escrow by that same transaction; the
 * journal marks the start proven (a start is proven once: no later demand).
 */
export function createStartProver(p: {
  client: ProofgridClient;
  journal: AnswerJournal;
  cache: ReturnType<typeof createContentCache>;
  log: Logger;
  stats: { startsProven?: number };
}) {
  const { client, journal, log } = p;
  const proving = new Set<string>();

  async function prove(entry: AnswerEntry) {
    log.warn({ dealId: entry.dealId, index: entry.index }, 'start demanded: revealing the start state');
    const request = await requestOf(entry, p.cache);
    const run = openTrace(request, boundsOf(entry));
    const reveal = await run.start().finally(() => run.close());
    // Decision 031: with an inputs root, the start's static fields and its leaf's path (kept when answering).
    const inputs = entry.inputsLeaves ? inputsProofOf(taskInputsFieldsOf(request), entry.inputsLeaves, entry.index) : undefined;
    try {
      await proveStart(client, {
        key: dealKeyFromWire(entry.key),
        index: entry.index,
        reveal: reveal as never,
        ...(inputs ? { inputs } : {}),
      });
      p.stats.startsProven = (p.stats.startsProven ?? 0) + 1;
      log.info({ dealId: entry.dealId, index: entry.index }, "start proven: the demander's deposit is ours");
    } catch (err) {
      const code = decodeError(err).code;
      if (!SETTLED.has(code)) throw err;
      // Proven before (a receipt lost to a restart), or the demand is gone: nothing is owed now.
      log.debug({ index: entry.index, code }, 'proveStart refused: no open demand');
      if (code !== 'StartAlreadyProven') return;
    }
    entry.startProven = true;
    journal.save();
  }

  /** Proves the start of `entry` unless it is being proven now or was proven. */
  function proveOnce(entry: AnswerEntry) {
    if (entry.startProven || proving.has(entry.taskId)) return;
    proving.add(entry.taskId);
    prove(entry)
      .catch((err: unknown) =>
        log.warn({ index: entry.index, code: decodeError(err).code }, `proving the start failed: ${decodeError(err).shortMessage}`),
      )
      .finally(() => proving.delete(entry.taskId));
  }

  /**
   * The safety net for one answer that is Resolving (a game or a demand open): whether a demand was made and its
   * start not proven yet (read from the hub's logs since the answer), then proven.
   */
  async function check(entry: AnswerEntry) {
    if (entry.startProven) return;
    const read = (eventName: 'StartDemanded' | 'StartProven') =>
      client.public.getContractEvents({
        address: client.deployment.hub,
        abi: hubAbi,
        eventName,
        args: { subject: entry.taskId },
        fromBlock: BigInt(entry.fromBlock),
      });
    if ((await read('StartDemanded')).length === 0) return;
    if ((await read('StartProven')).length > 0) {
      entry.startProven = true;
      journal.save();
      return;
    }
    proveOnce(entry);
  }

  return { proveOnce, check, proving: () => proving.size };
}
