// On-chain sabotage run (issue 8): >= 50 replicated single-task batches on a devnet with colluding
// saboteurs, each task's contributors in a seeded random order, every step compared with the
// simulator's prediction (status after each contribution, chosen value, weights, scores after settlement).
//   node --import tsx bench/sabotage/onchain.ts [--tasks 200] [--workers 6] [--f 0.3] [--trust 3] [--seed 1] [--write]
// Prints a markdown summary (the figures quoted in docs/reliability.md); --write puts it in BENCHMARKS.md.
import { parseArgs } from 'node:util';
import { machineLine } from '../lib/machine.ts';
import { writeSection } from '../lib/summary.ts';
import { type Step, Market } from './chain.ts';
import { seededRandom } from '@proofgrid/testkit';
import { simulateSeeds } from './model.ts';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '200' },
    workers: { type: 'string', default: '6' },
    f: { type: 'string', default: '0.3' },
    trust: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    write: { type: 'boolean', default: false },
  },
});
const TASKS = Number(args.tasks);
const WORKERS = Number(args.workers);
const F = Number(args.f);
const TRUST = Number(args.trust);
const SEED = Number(args.seed);
const nSab = Math.round(F * WORKERS);

const t0 = performance.now();
const market = await Market.start(WORKERS);
let agreed = 0;
let wrong = 0;
let failed = 0;
let contributions = 0;
let stepsCompared = 0;
const wrongHalves = [0, 0];
const disagreements: string[] = [];
try {
  const key = await market.deal(TRUST, TASKS, `onchain ${SEED}`);
  const rnd = seededRandom(SEED);
  for (let first = 0; first < TASKS; first++) {
    const order = Array.from({ length: WORKERS }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    // Workers 0 .. nSab-1 are the colluding saboteurs: always the same wrong value.
    const steps: Step[] = order.map((worker) => ({ worker, answer: worker < nSab ? 'bad' : 'ok' }));
    const rec = await market.runBatch(key, first, steps);
    contributions += rec.steps.length;
    stepsCompared += rec.steps.length;
    if (rec.agree) agreed++;
    else
      disagreements.push(
        `task ${first}: ${rec.steps.map((s) => `${s.worker}:${s.answer}:${s.chain}/${s.sim}`).join(' ')}; chain ${rec.chainRoot} sim ${rec.simRoot}`,
      );
    if (rec.chainRoot === undefined) failed++;
    else if (rec.chainAnswer !== 'ok') {
      wrong++;
      wrongHalves[first < Math.ceil(TASKS / 2) ? 0 : 1]!++;
    }
    process.stderr.write(`\ronchain: task ${first + 1}/${TASKS}`);
  }
} finally {
  await market.stop();
}
process.stderr.write('\n');
const seconds = (performance.now() - t0) / 1000;
// The simulation of the same population and run length (model.ts, seeded random assignment), over many
// seeds: the spread of runs of this length (reputation makes runs differ more than a binomial would).
const SIM_SEEDS = 400;
const runs = Array.from({ length: SIM_SEEDS }, (_, i) =>
  simulateSeeds({ workers: WORKERS, f: F, trust: TRUST, tasks: TASKS, window: Math.ceil(TASKS / 2) }, [i + 1]),
);
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;
const simErr = runs.map((r) => r.wrong / r.tasks);
const simCost = runs.map((r) => r.contributions / r.tasks);
const simHalf = (i: number) => runs.reduce((a, r) => a + (r.wrongByWindow?.[i] ?? 0), 0) / (SIM_SEEDS * Math.ceil(TASKS / 2));
const half = Math.ceil(TASKS / 2);
const pct = (x: number) => x.toFixed(3);
const table = [
  `On-chain sabotage run: ${TASKS} tasks (single-task batches of one deal), trust ${TRUST}, ${WORKERS} workers of which ${nSab} colluding saboteurs (f = ${(nSab / WORKERS).toFixed(3)}), contributors in a seeded random order (seed ${SEED}), rollback window 0 (settled at finalize), ${seconds.toFixed(1)} s.`,
  '',
  `| measure | on chain | simulation, ${SIM_SEEDS} runs of ${TASKS} tasks: median [5%, 95%] |`,
  `|---|---|---|`,
  `| tasks whose every step agrees with the simulator's prediction for the same order (status after each contribution, weight used, chosen value, every contributor's score after settlement) | ${agreed} / ${TASKS} (${((100 * agreed) / TASKS).toFixed(1)}%) | — |`,
  `| contributions per task | ${(contributions / TASKS).toFixed(2)} (${stepsCompared} compared) | ${q(simCost, 0.5).toFixed(2)} [${q(simCost, 0.05).toFixed(2)}, ${q(simCost, 0.95).toFixed(2)}] |`,
  `| wrong value accepted | ${wrong} / ${TASKS} = ${pct(wrong / TASKS)} | ${pct(q(simErr, 0.5))} [${pct(q(simErr, 0.05))}, ${pct(q(simErr, 0.95))}] |`,
  `| wrong, tasks 1–${half} / ${half + 1}–${TASKS} | ${pct(wrongHalves[0]! / half)} / ${pct(wrongHalves[1]! / half)} | mean ${pct(simHalf(0))} / ${pct(simHalf(1))} |`,
  `| no consensus | ${failed} | — |`,
  ...(disagreements.length ? ['', 'Disagreements:', ...disagreements.map((d) => `- ${d}`)] : []),
].join('\n');
console.log(table);
// With --write (npm run bench): the section of BENCHMARKS.md and its verdict.
if (args.write) {
  writeSection(
    'sabotage-onchain',
    `## Sabotage on chain: the contract agrees with the simulation (\`bench/sabotage/onchain.ts\`)\n\nMachine: ${machineLine()}. ${table}\n`,
    [
      {
        target: `>= 50 replicated tasks on the local chain agree step by step with the simulation (trust ${TRUST}, f = ${(nSab / WORKERS).toFixed(2)} colluding)`,
        figure: `${agreed} / ${TASKS} agree; wrong accepted ${pct(wrong / TASKS)} (simulated median ${pct(q(simErr, 0.5))})`,
        met: agreed === TASKS && TASKS >= 50,
      },
    ],
  );
}
process.exitCode = agreed === TASKS ? 0 : 1;
