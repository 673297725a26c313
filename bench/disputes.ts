// Dispute game benchmark (issue 16): the gas of a move as a function of its degree (fixed cost and cost per root, on
// anvil), the optimal degree from Nitro's d(ln d - 1) = alpha, a whole game over one example task (montecarlo task
// 0) with real players and a real one-step proof, and the projection for 10^9 and 2^40 steps.
//   node --import tsx bench/disputes.ts         (after node contracts/scripts/build.mjs; PROOFGRID_ARTIFACTS to use another build)
import { readFileSync } from 'node:fs';
import { keccak256, toHex } from 'viem';
import { apps } from '../examples/index.ts';
import { compileModule } from '../packages/machine/src/index.ts';
import { openGame } from '../packages/disputes/src/chain/openGame.ts';
import { challenge, defend, type PlayResult } from '../packages/disputes/src/chain/play.ts';
import { DEGREE } from '../packages/disputes/src/strategy/dissection.ts';
import { deployGame } from '../packages/disputes/src/testing/deployGame.ts';
import { lyingTrace } from '../packages/disputes/src/testing/lyingTrace.ts';
import { Trace } from '../packages/disputes/src/trace/trace.ts';
import { disputeGameAbi } from '../packages/sdk/src/abi/index.ts';
import { machineLine } from './lib/machine.ts';
import { writeSection } from './lib/summary.ts';

const fmt = (n: number | bigint) => Number(n).toLocaleString('en-US');
const root = (label: string) => keccak256(toHex(label));
const CLOCK = 3600n;
const chain = await deployGame(4);
const [hub, defender, challenger] = chain.wallets as [(typeof chain.wallets)[0], (typeof chain.wallets)[0], (typeof chain.wallets)[0]];
const gasOf = async (hash: `0x${string}`) => (await chain.publicClient.waitForTransactionReceipt({ hash })).gasUsed;

// 1. A move's gas against its degree d. First moves on claims of d steps post d + 1 roots and re-supply the claim's 2
// (slope: the cost of a posted root); the answer to a first move on a 1,024-step claim re-supplies its 33 roots
// (against the first move: the cost of a re-supplied root). A move of degree d in a game re-supplies and posts d + 1.
const open = async (steps: bigint, label: string) => {
  const claim = { startRoot: root(`s${label}`), endRoot: root(`e${label}`), steps };
  const { gameId } = await openGame({
    publicClient: chain.publicClient,
    wallet: hub,
    address: chain.address,
    claim,
    challenger: challenger.account.address,
    defender: defender.account.address,
    clock: CLOCK,
  });
  return { gameId, claim };
};
const bisect = async (
  wallet: typeof hub,
  gameId: bigint,
  prev: { start: bigint; length: bigint; roots: `0x${string}`[] },
  label: string,
) => {
  const parts = Number(prev.length / BigInt(prev.roots.length - 1) < 32n ? prev.length / BigInt(prev.roots.length - 1) : 32n);
  const roots = Array.from({ length: parts + 1 }, (_, j) => (j === 0 ? prev.roots[0]! : root(`${label}.${j}`)));
  const hash = await wallet.writeContract({
    address: chain.address,
    abi: disputeGameAbi,
    functionName: 'bisect',
    args: [gameId, prev, 0n, roots],
  });
  return { gas: await gasOf(hash), roots };
};
const degrees = [2, 4, 8, 16, 32];
const firstMoves: { d: number; gas: bigint }[] = [];
for (const d of degrees) {
  const { gameId, claim } = await open(BigInt(d), `d${d}`);
  const { gas } = await bisect(challenger, gameId, { start: 0n, length: claim.steps, roots: [claim.startRoot, claim.endRoot] }, `c${d}`);
  firstMoves.push({ d, gas });
}
const long = await open(1024n, 'long');
const opening = await bisect(
  challenger,
  long.gameId,
  { start: 0n, length: 1024n, roots: [long.claim.startRoot, long.claim.endRoot] },
  'cl',
);
const answer = await bisect(defender, long.gameId, { start: 0n, length: 1024n, roots: opening.roots }, 'dl');
// least squares over the first moves: gas = c + bPost * d
const n = firstMoves.length;
const mx = firstMoves.reduce((s, r) => s + r.d, 0) / n;
const my = firstMoves.reduce((s, r) => s + Number(r.gas), 0) / n;
const bPost = firstMoves.reduce((s, r) => s + (r.d - mx) * (Number(r.gas) - my), 0) / firstMoves.reduce((s, r) => s + (r.d - mx) ** 2, 0);
const bResupply = (Number(answer.gas) - Number(opening.gas)) / 31;
const fixed = my - bPost * mx - bPost - 2 * bResupply; // a move's cost without any root
const b = bPost + bResupply;
const a = fixed + b; // move(d) = a + b d: d + 1 roots posted and d + 1 re-supplied
const alpha = a / b;
let dStar = 3;
for (let lo = 2.72, hi = 1e6, i = 0; i < 200; i++) {
  dStar = (lo + hi) / 2;
  if (dStar * (Math.log(dStar) - 1) < alpha) lo = dStar;
  else hi = dStar;
}

/** Bisections of an N-step claim at degree d in the worst case (parts of ceil(len / d) steps), then one proof. */
const bisections = (steps: bigint, d: bigint) => {
  let count = 0;
  for (let len = steps; len > 1n; len = (len + d - 1n) / d) count++;
  return count;
};

// 2. A whole game over montecarlo's task 0: a claim with a wrong end root, an honest challenger, the liar defending.
const spec = apps.montecarlo;
const task = spec.buildTasks()[0]!;
const request = {
  module: compileModule(new Uint8Array(readFileSync(spec.wasmPath))),
  args: task.args,
  files: task.files,
  seed: 'montecarlo:0',
  limits: spec.limits,
};
const started = performance.now();
const honest = new Trace(request);
const truth = honest.end();
const claimed = performance.now();
const opened = await openGame({
  publicClient: chain.publicClient,
  wallet: hub,
  address: chain.address,
  claim: { ...truth, endRoot: root('not the end') },
  challenger: challenger.account.address,
  defender: defender.account.address,
  clock: CLOCK,
});
const ref = { publicClient: chain.publicClient, address: chain.address, gameId: opened.gameId, fromBlock: opened.fromBlock };
const liar = new Trace(request);
const defending = defend({ ...ref, wallet: defender, view: lyingTrace(liar, truth.steps) }).catch((e: Error) => e);
const challenging = challenge({ ...ref, wallet: challenger, view: honest });
const lost = await defending;
if (lost instanceof Error) await chain.increaseTime(Number(CLOCK) + 1); // the liar was left facing a step it cannot refute
const won = await challenging;
const ended = performance.now();
await chain.stop();
if (won.status !== 'ChallengerWon') throw new Error(`the honest challenger did not win: ${won.status}`);

const movesOf = (r: PlayResult | Error) => (r instanceof Error ? [] : r.moves);
const all = [...won.moves, ...movesOf(lost)].sort((x, y) => Number(x.blockNumber - y.blockNumber));
const bisects = all.filter((m) => m.kind === 'bisect');
const proof = won.moves.find((m) => m.kind === 'proveStep' || m.kind === 'proveHalted');
const total = opened.gasUsed + all.reduce((s, m) => s + m.gasUsed, 0n);
const machine = JSON.parse(readFileSync(new URL('./results/machine.summary.json', import.meta.url), 'utf8')) as {
  verdicts: { target: string; figure: string }[];
};
const worstStep = Number(
  /([\d,]+) gas worst/.exec(machine.verdicts.find((v) => v.target.includes('gas'))?.figure ?? '')?.[1]?.replace(/,/g, '') ?? 0,
);
const firstMove = Number(opening.gas);
const steadyMove = Number(answer.gas);
const project = (steps: bigint) => {
  const k = bisections(steps, DEGREE);
  const gas = Number(opened.gasUsed) + firstMove + (k - 1) * steadyMove + worstStep;
  return { k, moves: k + 1, gas };
};
const billion = project(10n ** 9n);
const tera = project(2n ** 40n);
const atOptimum = (steps: number, d: number) => {
  const rounds = Math.ceil(Math.log(steps) / Math.log(d));
  return { rounds, gas: rounds * (a + b * d) };
};
const optimum = Math.round(dStar);

const md = [
  '## Dispute game (issue 16)',
  '',
  `Machine: ${machineLine()}. Chain: anvil 1.7.1 (npm), prague, DisputeGame with the real OneStepProver and MachineHostIo (contracts/artifacts); gas of whole transactions (21,000 and calldata included; prague's calldata floor of EIP-7623 applies to moves).`,
  '',
  "A move's gas against its degree d: first moves on claims of d steps (the claim's 2 roots re-supplied, d + 1 posted):",
  '',
  '| degree d | 2 | 4 | 8 | 16 | 32 |',
  '|---|---:|---:|---:|---:|---:|',
  `| first move, gas | ${firstMoves.map((r) => fmt(r.gas)).join(' | ')} |`,
  '',
  `A posted root costs ${fmt(Math.round(bPost))} gas (least squares over the row); the answer to a first move on a 1,024-step claim (33 roots re-supplied, 33 posted) costs ${fmt(answer.gas)} against ${fmt(opening.gas)} for that first move, so a re-supplied root costs ${fmt(Math.round(bResupply))}.`,
  `A move of degree d in a game (d + 1 re-supplied, d + 1 posted): ${fmt(Math.round(a))} + ${fmt(Math.round(b))}·d gas, so α = ${alpha.toFixed(1)}; Nitro's d(ln d − 1) = α gives d* = ${dStar.toFixed(1)}.`,
  `At d* = ${optimum} a 10^9-step game needs ${atOptimum(1e9, optimum).rounds} bisections (${fmt(Math.round(atOptimum(1e9, optimum).gas))} gas of bisections); at k = 32, ${bisections(10n ** 9n, 32n)} (${fmt(Math.round(atOptimum(1e9, 32).gas))} gas): the optimum saves little gas`,
  'and breaks the target of 7 on-chain moves, so k = 32 (the smallest power of two with 6 bisections for 10^9 steps; decision 022).',
  '',
  `A whole game over montecarlo's task 0 (${fmt(truth.steps)} steps): a claim with a wrong end root, defended by the liar, challenged by an honest player; both replay the task with packages/disputes' Trace (${honest.restarts} replays by the challenger).`,
  '',
  '| move | side | gas | calldata bytes |',
  '|---|---|---:|---:|',
  `| open (openDefended) | hub | ${fmt(opened.gasUsed)} | |`,
  ...all.map((m) => `| ${m.kind} | ${won.moves.includes(m) ? 'challenger' : 'defender'} | ${fmt(m.gasUsed)} | ${fmt(m.calldataBytes)} |`),
  '',
  `${won.status} ${lost instanceof Error ? 'by time (the liar faced a one-step part it could not refute)' : 'by a one-step proof'}: ${all.length} moves (${bisects.length} bisections${proof ? `, ${proof.kind}` : ''}), ${fmt(total)} gas in all with the open; wall time ${((ended - started) / 1000).toFixed(1)} s (${((claimed - started) / 1000).toFixed(1)} s of it computing the claim).`,
  '',
  `Projection at k = 32 (open ${fmt(opened.gasUsed)}, first move ${fmt(firstMove)}, each further bisection ${fmt(steadyMove)}, one-step proof at the worst measured by bench:machine, ${fmt(worstStep)}):`,
  '',
  '| steps | bisections | on-chain moves | gas in all, both parties |',
  '|---|---:|---:|---:|',
  `| 10^9 | ${billion.k} | ${billion.moves} | ${fmt(billion.gas)} |`,
  `| 2^40 | ${tera.k} | ${tera.moves} | ${fmt(tera.gas)} |`,
  '',
].join('\n');
writeSection('disputes', md, [
  {
    target: '10^9 steps in <= 7 on-chain moves (issue 16)',
    figure: `${billion.moves} moves (${billion.k} bisections at k = 32 and one proof)`,
    met: billion.moves <= 7,
  },
  {
    target: '10^9-step dispute <= 1.5M gas in all, both parties (issue 16)',
    figure: `${fmt(billion.gas)} gas projected from measured moves`,
    met: billion.gas <= 1_500_000,
  },
]);
console.log(md);
process.exit(0);
