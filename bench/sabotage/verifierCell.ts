// One cell of the on-chain verifier run (verifierOnchain.ts): an optimistic deal of T tasks on the real hub, each task
// answered by a worker the scheduler picks (an honest scheduler from the whole population, a colluding one from the
// liars only); a liar answers with the run's claim beside a false output digest ('digest', refuted by the end binding
// of decision 027) or with a made-up end root ('root', which only the bisection game catches). A verifier with its own
// key checks the tasks its keyed random choice picks (HMAC of the task id, packages/verifier's isPicked) at fraction q,
// re-executes them, and refutes or challenges every wrong one, playing the game to its end against the liar who
// defends it. After the window every task is finalized and the chain says which wrong answers it accepted.
import { type Hex, keccak256, parseEventLogs, toHex } from 'viem';
import { challenge as playChallenger, defend } from '../../packages/disputes/src/chain/play.ts';
import { bindingArguments } from '../../packages/disputes/src/output/binding.ts';
import { lyingTrace } from '../../packages/disputes/src/testing/lyingTrace.ts';
import type { Trace } from '../../packages/disputes/src/trace/trace.ts';
import { isPicked } from '../../packages/verifier/src/select.ts';
import { verdictOf } from '../../packages/verifier/src/verdict.ts';
import {
  challengeTask,
  dealIdOf,
  finalizeAnswer,
  getTaskResolution,
  hubAbi,
  refuteAnswer,
  resolveChallenge,
  taskIdOf,
} from '@proofgrid/sdk';
import type { OptimisticMarket } from './optimisticMarket.ts';

/** A task's honest run: the verifier's re-execution (and the liar's own run, which it lies about). */
export type Honest = { trace: Trace; liarTrace: Trace; claim: { startRoot: Hex; endRoot: Hex; steps: bigint }; output: Hex };
export type Lie = 'digest' | 'root';
export type CellParams = { f: number; q: number; colluding: boolean; tasks: number; workers: number; salt: string; secret: Hex };
export type CellResult = CellParams & {
  lies: Record<Lie, number>;
  checked: number;
  caught: Record<Lie, number>;
  /** Wrong answers the chain accepted (finalized and paid, not overturned), by kind of lie. */
  accepted: Record<Lie, number>;
  honestOverturned: number;
  games: number;
  verifierGas: bigint;
  liarGas: bigint;
  /** The verifier's escrow after the cell minus before (deposits won), in wei of the token. */
  verifierWon: bigint;
  seconds: number;
};

const CLOCK = 3600; // the devnet's dispute clock (deploy.ts default)
const WINDOW = 14n * 86_400n; // room for one by-time game per task at most (each moves the clock by CLOCK + 1)

export async function runCell(m: OptimisticMarket, p: CellParams, honest: Honest[], rnd: () => number): Promise<CellResult> {
  const t0 = performance.now();
  const key = await m.deal(p.tasks, WINDOW, p.salt);
  const dealId = dealIdOf(key);
  const nLiars = Math.round(p.f * p.workers);
  const r: CellResult = {
    ...p,
    lies: { digest: 0, root: 0 },
    checked: 0,
    caught: { digest: 0, root: 0 },
    accepted: { digest: 0, root: 0 },
    honestOverturned: 0,
    games: 0,
    verifierGas: 0n,
    liarGas: 0n,
    verifierWon: 0n,
    seconds: 0,
  };
  const escrowBefore = await m.escrow(m.verifier);
  const answers: { worker: number; lie?: Lie; outputDigest: Hex; claim: Honest['claim'] }[] = [];
  for (let i = 0; i < p.tasks; i++) {
    const h = honest[i]!;
    const worker = p.colluding ? Math.floor(rnd() * nLiars) : Math.floor(rnd() * p.workers);
    const lie: Lie | undefined = worker < nLiars ? (rnd() < 0.5 ? 'digest' : 'root') : undefined;
    const outputDigest = lie ? keccak256(toHex(`a false output of ${p.salt} ${i}`)) : h.output;
    const claim = lie === 'root' ? { ...h.claim, endRoot: keccak256(toHex(`a made-up end of ${p.salt} ${i}`)) } : h.claim;
    await m.answer(key, worker, i, outputDigest, claim);
    answers.push({ worker, lie, outputDigest, claim });
    if (lie) r.lies[lie]++;
  }
  // The verifier: checks what its keyed choice picks, refutes by the end binding or challenges and plays the game.
  for (let i = 0; i < p.tasks; i++) {
    const a = answers[i]!;
    const h = honest[i]!;
    if (!isPicked({ secret: p.secret, fraction: p.q }, taskIdOf(dealId, i))) continue;
    r.checked++; // one re-execution: h.trace stands for the verifier's own run of the task
    const verdict = verdictOf(h.claim, h.output, a.claim, a.outputDigest);
    if (verdict.state === 'agreed') continue;
    if (verdict.plan === 'bind-end') {
      const receipt = await refuteAnswer(m.verifier, {
        key,
        index: i,
        outputDigest: a.outputDigest,
        claim: a.claim,
        end: 'end',
        reveal: bindingArguments(h.trace, 'end') as never,
      });
      r.verifierGas += receipt.gasUsed;
      continue;
    }
    if (verdict.plan !== 'game') throw new Error(`task ${i}: unexpected plan ${verdict.plan}`);
    const receipt = await challengeTask(m.verifier, { key, index: i, outputDigest: a.outputDigest, claim: a.claim });
    r.verifierGas += receipt.gasUsed;
    const [opened] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'DisputeGameOpened' }) as unknown as {
      args: { challenge: bigint; game: Hex; gameId: bigint };
    }[];
    if (!opened) throw new Error(`task ${i}: the challenge opened no game`);
    r.games++;
    const ref = {
      publicClient: m.requester.public as never,
      address: opened.args.game,
      gameId: opened.args.gameId,
      fromBlock: receipt.blockNumber,
      pollMs: 20,
    };
    // The liar's wallet records the gas of every move it sends (its last attempt reverts StepAgrees, losing its result).
    const liarWallet = m.workers[a.worker]!.wallet!;
    const recording = {
      ...liarWallet,
      writeContract: async (call: never) => {
        const hash = await liarWallet.writeContract(call);
        r.liarGas += (await m.requester.public.waitForTransactionReceipt({ hash })).gasUsed;
        return hash;
      },
    };
    const defending = defend({ ...ref, wallet: recording as never, view: lyingTrace(h.liarTrace, h.claim.steps) }).catch((e: Error) => e);
    const challenging = playChallenger({ ...ref, wallet: m.verifier.wallet as never, view: h.trace });
    const lost = await defending;
    if (lost instanceof Error) await m.increaseTime(CLOCK + 1); // the liar faced a step it could not refute: it loses on time
    const won = await challenging;
    if (won.status !== 'ChallengerWon') throw new Error(`task ${i}: the verifier did not win its game (${won.status})`);
    r.verifierGas += won.moves.reduce((s, x) => s + x.gasUsed, 0n);
    const resolved = await resolveChallenge(m.verifier, { key, index: i, challenge: opened.args.challenge });
    r.verifierGas += resolved.gasUsed;
  }
  // The window passes; the scheduler finalizes every task (paid, or the requester refunded when overturned).
  await m.increaseTime(Number(WINDOW) + 1);
  for (let i = 0; i < p.tasks; i++) {
    await finalizeAnswer(m.requester, { key, index: i });
    const res = await getTaskResolution(m.requester, taskIdOf(dealId, i));
    if (res.state !== 'Finalized') throw new Error(`task ${i}: ${res.state} after finalizeAnswer`);
    const lie = answers[i]!.lie;
    if (lie && res.overturned) r.caught[lie]++;
    else if (lie) r.accepted[lie]++;
    else if (res.overturned) r.honestOverturned++;
  }
  r.verifierWon = (await m.escrow(m.verifier)) - escrowBefore;
  r.seconds = (performance.now() - t0) / 1000;
  return r;
}
