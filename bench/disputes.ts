// Dispute game benchmark (issue 16): the gas of a move as a function of its degree (fixed cost and cost per root, on
// anvil), the optimal degree from Nitro's d(ln d - 1) = alpha, a whole game over one example task (montecarlo task
// 0) and over one renderer tile with real players and real one-step proofs, the refutations of decision 027 on a
// devnet with the real hub, and the projection for 10^9 and 2^40 steps.
//   node --import tsx bench/disputes.ts         (after node contracts/scripts/build.mjs; PROOFGRID_ARTIFACTS to use another build)
import { readFileSync } from 'node:fs';
import { keccak256, toHex } from 'viem';
import { apps } from '../examples/index.ts';
import { compileModule } from '../packages/machine/src/index.ts';
import { openGame } from '../packages/disputes/src/chain/openGame.ts';
import { DEGREE } from '../packages/disputes/src/strategy/dissection.ts';
import { deployGame } from '../packages/disputes/src/testing/deployGame.ts';
import { disputeGameAbi } from '../packages/sdk/src/abi/index.ts';
import { machineLine } from './lib/machine.ts';
import { measureRefutations } from './lib/refutations.ts';
import { writeSection } from './lib/summary.ts';
import { gameLines, type WholeGame, wholeGame } from './lib/wholeGame.ts';

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

// 2. Whole games: montecarlo's task 0 and one renderer tile (a claim with a wrong end root, an honest challenger, the
// liar defending), on the same chain one after the other. The renderer input is tile 0 of a 160x120 frame cut 2x2
// (an 80x60 tile, 1 ray per pixel, ~53M steps): the smallest frame whose tile still takes 6 bisections at k = 32, as a
// 10^9-step run does (more than 32^5 = 33.5M steps); the default 320x240 frame's tile has 4 times the steps (~211M),
// so about 4 times the replay time per move, which the loaded 2-core machine does not need to show the same 7 moves.
const requestOf = (name: 'montecarlo' | 'renderer', params?: Record<string, unknown>) => {
  const spec = apps[name];
  const task = spec.buildTasks(params)[0]!;
  return {
    module: compileModule(new Uint8Array(readFileSync(spec.wasmPath))),
    args: task.args,
    files: task.files,
    seed: `${name}:0`,
    limits: spec.limits,
  };
};
const RENDERER = { width: 160, height: 120, columns: 2, rows: 2, samples: 1 };
const mc = await wholeGame(chain, requestOf('montecarlo'), CLOCK);
const tile = await wholeGame(chain, requestOf('renderer', RENDERER), CLOCK);
await chain.stop();
// 3. The refutations of decision 027 on a devnet with the real hub (ml task 0).
const refutations = await measureRefutations();

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
  const gas = Number(mc.openGas) + firstMove + (k - 1) * steadyMove + worstStep;
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
  ...gameLines("A whole game over montecarlo's task 0", mc),
  ...gameLines(
    `A whole game over one renderer tile: tile 0 of a ${RENDERER.width}x${RENDERER.height} frame cut ${RENDERER.columns}x${RENDERER.rows}, ${RENDERER.width / RENDERER.columns}x${RENDERER.height / RENDERER.rows} pixels, ${RENDERER.samples} ray per pixel, the smallest frame whose tile still takes the 6 bisections of a 10^9-step game at k = 32 (the default 320x240 frame's tile has ~4 times the steps and wall time)`,
    tile,
  ),
  'Wall times are of a loaded machine (2 cores shared with other jobs: see the load on the machine line); the replays dominate them.',
  '',
  "Refutations by the claim bindings (decision 027), on a devnet with the real hub, over the ml example's task 0 answered on an optimistic deal (gas of whole transactions):",
  '',
  '| call | what it does | gas |',
  '|---|---|---:|',
  `| refuteAnswer (end) | the run's claim beside a false output digest: the end state revealed, overturned | ${fmt(refutations.refuteEnd)} |`,
  `| refuteAnswer (start) | a claim starting from another program (kmeans): the start state revealed, overturned | ${fmt(refutations.refuteStart)} |`,
  `| demandStart | a start root nobody else can open: the demander locks the dispute deposit | ${fmt(refutations.demandStart)} |`,
  `| resolveStartDemand | not revealed within the clock (1 h): overturned, the demander's deposit back | ${fmt(refutations.resolveStartDemand)} |`,
  `| proveStart | an honest answerer reveals its start on demand and is paid the demand deposit | ${fmt(refutations.proveStart)} |`,
  '',
  `Projection at k = 32 (open ${fmt(mc.openGas)} from the montecarlo game, first move ${fmt(firstMove)}, each further bisection ${fmt(steadyMove)}, one-step proof at the worst measured by bench:machine, ${fmt(worstStep)}):`,
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
  ...[
    ['montecarlo task 0', mc],
    ['one renderer tile (80x60)', tile],
  ].map(([what, g]) => ({
    target: `a whole dispute over ${what as string} in <= 7 moves and <= 1.5M gas (issue 16)`,
    figure: `${(g as WholeGame).moves.length} moves, ${fmt((g as WholeGame).total)} gas, ${(g as WholeGame).seconds.toFixed(0)} s (${fmt((g as WholeGame).steps)} steps)`,
    met: (g as WholeGame).moves.length <= 7 && (g as WholeGame).total <= 1_500_000n,
  })),
]);
console.log(md);
process.exit(0);
