// Showing a wrong leaf of a finalized disputable replicated batch wrong (decision 030 point 5), once batchVerdictOf
// found it: the end binding (`refuteBatch`, no game, no deposit), a start demand (`demandBatchStart`), or a challenge
// (`challengeBatch`) whose game is played to its end with the verifier's honest trace, then `resolveBatchChallenge`.
// A won refutation or game overturns the batch: the agreed group's stakes to the verifier, the requester refunded.
import { type Trace, type Wallet, bindingArguments, challenge as playChallenger } from '@proofgrid/disputes';
import {
  type DealKey,
  type ProofgridClient,
  challengeBatch,
  demandBatchStart,
  hubAbi,
  refuteBatch,
  resolveBatchChallenge,
} from '@proofgrid/sdk';
import { type Hex, parseEventLogs } from 'viem';
import type { BatchTaskVerdict } from './batchVerdict.ts';

export type BatchTask = { key: DealKey; first: number; count: number; index: number };

export type BatchAction =
  | { kind: 'refuted'; tx: Hex; gasUsed: bigint }
  | { kind: 'demanded'; tx: Hex; gasUsed: bigint }
  | { kind: 'challenged'; tx: Hex; gasUsed: bigint; won: boolean; moves: number };

/**
 * Sends what `verdict` (a `mismatch`) calls for against task `task.index`, as `client` (the verifier's key). A start
 * demand is only opened here: the deal's scheduler must reveal within the dispute clock, after which the caller sends
 * `resolveBatchStartDemand` (as for an answer's demand, challenger.ts).
 */
export async function showBatchTaskWrong(
  client: ProofgridClient,
  task: BatchTask,
  verdict: Extract<BatchTaskVerdict, { state: 'mismatch' }>,
  trace: Trace,
  o: { pollMs?: number; signal?: AbortSignal } = {},
): Promise<BatchAction> {
  const { outputDigest, claim } = verdict.preimage;
  const at = { ...task, outputDigest, claim, proof: verdict.proof };
  if (verdict.plan === 'bind-end') {
    // The disputes package's RevealArgument is the SDK's ABI shape.
    const receipt = await refuteBatch(client, { ...at, end: 'end', reveal: bindingArguments(trace, 'end') as never });
    return { kind: 'refuted', tx: receipt.transactionHash, gasUsed: receipt.gasUsed };
  }
  if (verdict.plan === 'demand-start') {
    const receipt = await demandBatchStart(client, at);
    return { kind: 'demanded', tx: receipt.transactionHash, gasUsed: receipt.gasUsed };
  }
  const receipt = await challengeBatch(client, at);
  const [opened] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'DisputeGameOpened' });
  if (!opened) throw new Error(`the batch challenge opened no game (transaction ${receipt.transactionHash})`);
  const { game, gameId, challenge } = opened.args as { game: Hex; gameId: bigint; challenge: bigint };
  const result = await playChallenger({
    publicClient: client.public as never,
    wallet: client.wallet as Wallet,
    address: game,
    gameId,
    fromBlock: receipt.blockNumber,
    view: trace,
    pollMs: o.pollMs,
    signal: o.signal,
  });
  // Stopped (the signal) before the game ended: resolved by a later call, not here.
  if (result.status !== 'Open') await resolveBatchChallenge(client, { key: task.key, first: task.first, count: task.count, challenge });
  return { kind: 'challenged', tx: receipt.transactionHash, gasUsed: receipt.gasUsed, won: result.won, moves: result.moves.length };
}
