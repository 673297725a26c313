// Test fixture: a whole dispute over an optimistic answer on a devnet with the real game (decision 026). Worker0
// answers task `index` with a claim whose end root is made up (the ml example's task 0, 2^20 steps), worker1
// challenges it through the hub and plays the honest challenger (packages/disputes `challenge`), worker0 defends with
// `lyingTrace`; the challenger proves the last step, the challenge is resolved and the answer finalized (refunded).
// Used by the SDK's timeline test and by the web app's browser test.
import { readFileSync } from 'node:fs';
import { challenge, defend, Trace, type Wallet } from '@proofgrid/disputes';
import { compileModule } from '@proofgrid/machine';
import type { startOptimisticDeal } from '@proofgrid/testkit';
import { type Hex, keccak256, parseEventLogs, toHex } from 'viem';
import { apps } from '../../../examples/index.ts';
import { lyingTrace } from '../../disputes/src/testing/lyingTrace.ts';
import { challengeTask, finalizeAnswer, hubAbi, resolveChallenge } from '../src/index.ts';

type Deal = Awaited<ReturnType<typeof startOptimisticDeal>>;

let honest: Trace | undefined;
/** The honest run of the ml example's task 0 (about 3.5 M steps), built once per process. */
export function honestTrace(): Trace {
  if (honest) return honest;
  const spec = apps.ml;
  const task = spec.buildTasks()[0]!;
  honest = new Trace({
    module: compileModule(new Uint8Array(readFileSync(spec.wasmPath))),
    args: task.args,
    files: task.files,
    seed: 'ml:0',
    limits: spec.limits,
  });
  return honest;
}

/** A game lost by a lying answerer: answered, challenged, played to the one-step proof, resolved and finalized. */
export async function playLyingAnswer(deal: Deal, index: number, clock = 3600) {
  const { clients: c, key } = deal;
  const trace = honestTrace();
  const steps = 2n ** 20n;
  const liar = lyingTrace(trace, steps); // honest up to the last step, then a made-up end root
  const claim = { startRoot: trace.rootAt(0n), steps, endRoot: liar.rootAt(steps) };
  const outputDigest = keccak256(toHex(`output ${index}`));
  await deal.answer({ index, outputDigest, claim });
  const receipt = await challengeTask(c.worker1!, { key, index, outputDigest, claim });
  const [opened] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'DisputeGameOpened' });
  const { game, gameId } = opened!.args as { game: Hex; gameId: bigint };
  const ref = { publicClient: c.requester!.public as never, address: game, gameId, fromBlock: receipt.blockNumber };
  const defending = defend({ ...ref, wallet: c.worker0!.wallet as Wallet, view: liar }).catch((e: Error) => e);
  const challenging = challenge({ ...ref, wallet: c.worker1!.wallet as Wallet, view: trace });
  const lost = await defending;
  if (lost instanceof Error) {
    // the liar is stuck on a step it cannot refute (StepAgrees): its clock runs out, the challenger calls timeout
    if (!/StepAgrees/.test(lost.message)) throw lost;
    await c.requester!.public.request({ method: 'evm_increaseTime', params: [clock + 1] } as never);
    await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
  }
  const won = await challenging;
  if (won.status !== 'ChallengerWon') throw new Error(`the honest challenger did not win: ${won.status}`);
  await resolveChallenge(c.requester!, { key, index, challenge: 0n });
  await finalizeAnswer(c.requester!, { key, index });
  return { claim, outputDigest, game, gameId, challenger: won };
}
