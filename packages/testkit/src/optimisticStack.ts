// Helpers for optimistic deals run through the whole stack (decision 026): the chain's clock moved on, a task's
// answer read from the chain, a condition waited for (bounded, with what is awaited in the failure).
import { Trace, challenge } from '@proofgrid/disputes';
// The disputes package's own test helper (a party that makes up every root from a step on).
import { lyingTrace } from '../../disputes/src/testing/lyingTrace.ts';
import { type ProofgridClient, challengeTask, getApp, getDeal, getHubEvents, hubAbi, taskIdOf, taskInputsOf } from '@proofgrid/sdk';
import type { MarketClient } from '@proofgrid/sdk/api';
import type { Address, Hex } from 'viem';

/** Moves anvil's clock on by `seconds` and mines a block (chain time, not a sleep). */
export async function advanceChain(client: ProofgridClient, seconds: number) {
  await client.public.request({ method: 'evm_increaseTime', params: [seconds] } as never);
  await client.public.request({ method: 'evm_mine', params: [] } as never);
}

/** Polls `read` until `done` holds (at most `timeoutMs`), then returns the last value; throws with `what` otherwise. */
export async function waitUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A task's TaskAnswered event: the answerer, the output digest and the claim a challenger repeats. */
export async function answerOf(client: ProofgridClient, dealId: Hex, index: number) {
  const [ev] = await getHubEvents(client, { eventName: 'TaskAnswered', args: { taskId: taskIdOf(dealId, index) } as never });
  if (!ev) return undefined;
  const a = ev.args as { answerer: Address; outputDigest: Hex; claim: { startRoot: Hex; steps: bigint; endRoot: Hex } };
  return { answerer: a.answerer, outputDigest: a.outputDigest, claim: a.claim };
}

/** The inputs of task `index` of a deal as anyone can rebuild them (the SDK's taskInputsOf over the pool's content store). */
export async function inputsOf(client: ProofgridClient, market: MarketClient, dealId: Hex, index: number) {
  const deal = await getDeal(client, { dealId });
  const view = await market.getDeal(dealId);
  // The app's registered memory, as the scheduler leases it (a literal gave a wrong start root for other apps).
  const app = await getApp(client, { app: view.key.app });
  return taskInputsOf(
    {
      dealId,
      params: deal.params,
      moduleHash: view.app.moduleHash,
      appMemoryMb: Number(app.maxMemoryMb),
      categoryMaxSeconds: Number(view.key.timeRef),
    },
    index,
    (h) => market.getBlob(h),
  );
}

/**
 * A false challenger: challenges an honest answer (its deposit locked) and plays the challenger's side with a trace
 * that lies from a third of the run on. It cannot refute an honest root, so it gets stuck and can only lose on time:
 * resolves once it is stuck (the caller then moves the clock past the game's clock).
 */
export async function falseChallenge(challenger: ProofgridClient, market: MarketClient, dealId: Hex, index: number) {
  const answer = await answerOf(challenger, dealId, index);
  if (!answer) throw new Error(`task ${index} of ${dealId} has no answer`);
  const key = (await market.getDeal(dealId)).key;
  const receipt = await challengeTask(challenger, { key, index, outputDigest: answer.outputDigest, claim: answer.claim });
  const taskId = taskIdOf(dealId, index);
  const [opened] = await challenger.public.getContractEvents({
    address: challenger.deployment.hub,
    abi: hubAbi,
    eventName: 'DisputeGameOpened',
    args: { subject: taskId },
    fromBlock: receipt.blockNumber,
  });
  const { game, gameId } = opened!.args as { game: Address; gameId: bigint };
  const inputs = await inputsOf(challenger, market, dealId, index);
  const honest = new Trace({ ...inputs, limits: { memoryMb: inputs.limits.memoryMb, maxOutputBytes: inputs.limits.maxOutputBytes } });
  const liar = lyingTrace(honest, answer.claim.steps / 3n);
  const played = await challenge({
    publicClient: challenger.public as never,
    wallet: challenger.wallet as never,
    address: game,
    gameId,
    fromBlock: receipt.blockNumber,
    view: liar,
    pollMs: 200,
  }).catch((e: Error) => e);
  return { game, gameId, played, answer };
}
