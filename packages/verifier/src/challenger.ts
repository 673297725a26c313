// What the verifier does with one answer: check it (its own run against the answer), show a wrong one wrong (its end
// binding first, the game second), play the challenger's side of a game to its end, then resolve the challenge and
// finalize the answer. Every step is recorded in the store before the next, so a restart picks up where it stopped
// (a game is read back from the chain: its id and opening block are stored).
import { bindingArguments, challenge as playChallenger, type Wallet } from '@proofgrid/disputes';
import {
  challengeTask,
  type DealKey,
  finalizeAnswer,
  demandStart,
  getHubEvents,
  getTaskResolution,
  hubAbi,
  type ProofgridClient,
  refuteAnswer,
  resolveChallenge,
  resolveStartDemand,
} from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import { type Hex, parseEventLogs } from 'viem';
import { type Reexecutor, UnverifiableTaskError } from './reexecute.ts';
import type { Store, TaskRow } from './store.ts';
import { claimOf, verdictOf } from './verdict.ts';

export type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export function createChallenger(o: { client: ProofgridClient; store: Store; reexecutor: Reexecutor; log: Log; pollMs: number }) {
  const { client, store, reexecutor, log } = o;
  const dealOf = (row: TaskRow) => {
    const deal = store.deal(row.deal_id);
    if (!deal) throw new UnverifiableTaskError(`deal ${row.deal_id} was never seen matched`);
    return { key: dealKeyFromWire(JSON.parse(deal.key)) as DealKey, params: deal.params };
  };
  const honestRun = (row: TaskRow) => {
    const { key, params } = dealOf(row);
    return reexecutor.run(row.task_id, key, row.deal_id, params, row.idx);
  };

  /** Re-executes a picked answer and records the verdict (agreed, or how to show it wrong). */
  async function check(row: TaskRow): Promise<void> {
    try {
      const mine = await honestRun(row);
      const verdict = verdictOf(mine.claim, mine.outputDigest, claimOf(row.claim), row.output_digest);
      store.update(row.task_id, {
        state: verdict.state,
        plan: verdict.plan ?? null,
        mine: JSON.stringify({ ...mine.claim, steps: mine.claim.steps.toString(), outputDigest: mine.outputDigest }),
        detail: verdict.detail ?? null,
      });
      log(verdict.state === 'agreed' ? 'info' : 'warn', `answer checked: ${verdict.state}${verdict.plan ? ` (${verdict.plan})` : ''}`, {
        task: row.task_id,
        index: row.idx,
      });
    } catch (err) {
      if (!(err instanceof UnverifiableTaskError)) throw err;
      store.update(row.task_id, { state: 'unverifiable', detail: err.message });
      log('warn', 'answer not verifiable', { task: row.task_id, reason: err.message });
    }
  }

  /** Refutes an answer by its end binding: one transaction, overturned without a game. */
  async function refute(row: TaskRow, key: DealKey): Promise<void> {
    const { trace } = await honestRun(row);
    const receipt = await refuteAnswer(client, {
      key,
      index: row.idx,
      outputDigest: row.output_digest,
      claim: claimOf(row.claim),
      end: 'end',
      reveal: bindingArguments(trace, 'end') as never, // the disputes package's RevealArgument, the SDK's ABI shape
    });
    store.update(row.task_id, { state: 'won', resolved: 1 });
    store.addGas(row.task_id, receipt.gasUsed, 1);
    log('info', 'answer refuted by its end binding (no game)', { task: row.task_id, gas: receipt.gasUsed.toString() });
    await settle(store.task(row.task_id)!);
  }

  /** Shows a wrong answer wrong inside its window: its end binding when that is what is wrong, else a challenge (the game opens in the same transaction). */
  async function open(row: TaskRow): Promise<void> {
    const now = Number((await client.public.getBlock({ blockTag: 'latest' })).timestamp);
    if (now >= row.window_end) {
      store.update(row.task_id, { state: 'missed', detail: `the window closed at ${row.window_end} before the challenge` });
      return;
    }
    const { key } = dealOf(row);
    if (row.plan === 'bind-end') return refute(row, key);
    if (row.plan === 'demand-start') return demand(row, key);
    // A challenge this verifier sent before a crash, between its transaction and its record: adopted, not sent twice.
    const mine = (await getHubEvents(client, { eventName: 'DisputeGameOpened', args: { subject: row.task_id } })).find(
      (e) => (e.args as { challenger: Hex }).challenger.toLowerCase() === client.account!.address.toLowerCase(),
    );
    let opened: { args: { challenge: bigint; game: Hex; gameId: bigint }; blockNumber: bigint };
    if (mine) opened = mine as unknown as typeof opened;
    else {
      const receipt = await challengeTask(client, { key, index: row.idx, outputDigest: row.output_digest, claim: claimOf(row.claim) });
      const [ev] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'DisputeGameOpened' }) as unknown as (typeof opened)[];
      if (!ev) throw new Error(`challenge of task ${row.task_id} opened no game (transaction ${receipt.transactionHash})`);
      opened = ev;
      store.addGas(row.task_id, receipt.gasUsed, 1);
    }
    store.update(row.task_id, {
      state: 'challenged',
      challenge: Number(opened.args.challenge),
      game: opened.args.game,
      game_id: opened.args.gameId.toString(),
      game_from_block: opened.blockNumber.toString(),
    });
    log('info', mine ? 'challenge found on chain, adopted' : 'challenged', { task: row.task_id, game: opened.args.gameId.toString() });
  }

  /** Demands that the answerer reveal its claim's start within the dispute clock (adopting its own demand after a crash). */
  async function demand(row: TaskRow, key: DealKey): Promise<void> {
    const mineOf = async () =>
      (await getHubEvents(client, { eventName: 'StartDemanded', args: { subject: row.task_id } })).find(
        (e) => e.args.challenger?.toLowerCase() === client.account!.address.toLowerCase(),
      );
    let opened = await mineOf();
    if (!opened) {
      const receipt = await demandStart(client, { key, index: row.idx, outputDigest: row.output_digest, claim: claimOf(row.claim) });
      store.addGas(row.task_id, receipt.gasUsed, 1);
      opened = await mineOf();
    }
    const deadline = Number(opened!.args.deadline);
    store.update(row.task_id, { state: 'demanded', deadline: Number(deadline), game_from_block: opened!.blockNumber.toString() });
    log('info', 'start demanded', { task: row.task_id, deadline: Number(deadline) });
  }

  /** Follows an open start demand: lost if the answerer revealed a valid start, won (resolved) once its deadline passed. */
  async function followDemand(row: TaskRow): Promise<void> {
    const { key } = dealOf(row);
    const fromBlock = BigInt(row.game_from_block ?? 0);
    const [proven] = await getHubEvents(client, { eventName: 'StartProven', args: { subject: row.task_id }, fromBlock });
    if (proven) {
      store.update(row.task_id, {
        state: 'lost',
        resolved: 1,
        detail:
          BigInt(key.inputsRoot ?? 0) === 0n
            ? `unbound inputs: the answerer revealed an initial state of the app's image at ${claimOf(row.claim).startRoot}, not on the task's inputs, which the hub does not bind: the request signed no inputs root (decisions 027, 031)`
            : `the answerer revealed a start at ${claimOf(row.claim).startRoot} on the task's signed inputs (its inputs root): another random stream of a module that draws random numbers, which the hub does not bind (decision 031)`,
      });
      log('warn', 'start demand answered: the deposit went to the answerer', { task: row.task_id });
      return settle(store.task(row.task_id)!);
    }
    const now = Number((await client.public.getBlock({ blockTag: 'latest' })).timestamp);
    if (now < (row.deadline ?? 0)) return;
    try {
      const r = await resolveStartDemand(client, { key, index: row.idx });
      store.addGas(row.task_id, r.gasUsed, 1);
    } catch (err) {
      if ((err as { code?: string }).code !== 'StartDemandUnknown') throw err; // someone resolved it first
    }
    store.update(row.task_id, { state: 'won', resolved: 1 });
    log('info', 'start demand expired: answer overturned', { task: row.task_id });
    await settle(store.task(row.task_id)!);
  }

  /** The verifier's wallet, each move's gas recorded once its receipt is in (so a crash mid-game loses none of it). */
  const recordingWallet = (taskId: Hex): Wallet => {
    const wallet = client.wallet as Wallet;
    return {
      ...wallet,
      writeContract: (async (args: never) => {
        const hash = await wallet.writeContract(args);
        client.public
          .waitForTransactionReceipt({ hash })
          .then((r) => store.addGas(taskId, r.gasUsed, 1))
          .catch(() => undefined);
        return hash;
      }) as Wallet['writeContract'],
    } as Wallet;
  };

  /** Plays the challenger's side of a challenged answer's game to its end, then resolves and finalizes. */
  async function play(row: TaskRow, signal: AbortSignal): Promise<void> {
    const { trace } = await honestRun(row);
    const result = await playChallenger({
      publicClient: client.public as never,
      wallet: recordingWallet(row.task_id),
      address: row.game as Hex,
      gameId: BigInt(row.game_id as string),
      fromBlock: BigInt(row.game_from_block as string),
      view: trace,
      pollMs: o.pollMs,
      signal,
    });
    if (result.status === 'Open') return; // stopped (signal) or agrees with every root: looked at again later
    store.update(row.task_id, { state: result.won ? 'won' : 'lost' });
    log(result.won ? 'info' : 'warn', `game ${result.won ? 'won' : 'lost'}`, { task: row.task_id, moves: result.moves.length });
    await settle(store.task(row.task_id)!);
  }

  /** Resolves a finished game's challenge and finalizes the answer once nothing else is open (anyone may; both idempotent here). */
  async function settle(row: TaskRow): Promise<void> {
    const { key } = dealOf(row);
    if (!row.resolved && row.challenge !== null) {
      try {
        const r = await resolveChallenge(client, { key, index: row.idx, challenge: BigInt(row.challenge) });
        store.addGas(row.task_id, r.gasUsed);
      } catch (err) {
        if ((err as { code?: string }).code !== 'DisputeChallengeUnknown') throw err; // someone resolved it first
      }
      store.update(row.task_id, { resolved: 1 });
    }
    const resolution = await getTaskResolution(client, row.task_id);
    if (resolution.state === 'Finalized') store.update(row.task_id, { finalized: 1 });
    else if (resolution.status === 'payable') {
      const r = await finalizeAnswer(client, { key, index: row.idx });
      store.addGas(row.task_id, r.gasUsed);
      store.update(row.task_id, { finalized: 1 });
      log('info', 'answer finalized', { task: row.task_id, overturned: resolution.overturned });
    }
  }

  return { check, open, play, settle, followDemand };
}
export type Challenger = ReturnType<typeof createChallenger>;
