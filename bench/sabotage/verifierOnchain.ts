// On-chain run with a verifier (issue 16): optimistic deals on anvil with the real hub, answered by a population where
// a fraction f of the answerers lie, checked by a verifier at fraction q (keyed random choice), every checked lie
// refuted (end binding) or challenged and won in a real game; wrong results accepted, executions per task and the
// verifier's gas and winnings, beside the simulation of table J (model.ts, same f, q and scheduler).
//   node --import tsx bench/sabotage/verifierOnchain.ts [--tasks 40] [--workers 10] [--fs 0.2,0.4,0.9] [--qs 0,0.1,0.5,1] [--seed 1] [--write]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatEther, keccak256, toHex } from 'viem';
import { apps } from '../../examples/index.ts';
import { compileModule } from '../../packages/machine/src/index.ts';
import { Trace } from '../../packages/disputes/src/trace/trace.ts';
import { seededRandom } from '@proofgrid/testkit';
import { machineLine } from '../lib/machine.ts';
import { writeSection } from '../lib/summary.ts';
import { simulateSeeds } from './model.ts';
import { OptimisticMarket } from './optimisticMarket.ts';
import { type CellResult, type Honest, runCell } from './verifierCell.ts';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '40' },
    workers: { type: 'string', default: '10' },
    fs: { type: 'string', default: '0.2,0.4,0.9' },
    qs: { type: 'string', default: '0,0.1,0.5,1' },
    seed: { type: 'string', default: '1' },
    write: { type: 'boolean', default: false },
  },
});
const TASKS = Number(args.tasks);
const WORKERS = Number(args.workers);
const FS = args.fs.split(',').map(Number);
const QS = args.qs.split(',').map(Number);
const SEED = Number(args.seed);

// The tasks: the ml example's task 0 under T seeds (each a different start state, ~3.5M steps): the honest runs are
// computed once here and stand for each party's own run (the answerer's, and the verifier's re-execution when it checks).
const t0 = performance.now();
const spec = apps.ml;
const module = compileModule(new Uint8Array(readFileSync(spec.wasmPath)));
const task = spec.buildTasks()[0]!;
const honest: Honest[] = Array.from({ length: TASKS }, (_, i) => {
  const request = { module, args: task.args, files: task.files, seed: `ml:${i}`, limits: spec.limits };
  const trace = new Trace(request);
  return { trace, liarTrace: new Trace(request), claim: trace.end(), output: trace.output().commitment };
});
process.stderr.write(`verifier run: ${TASKS} honest runs in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

const market = await OptimisticMarket.start(WORKERS, spec.wasmPath);
const results: CellResult[] = [];
const rnd = seededRandom(SEED);
const secret = keccak256(toHex(`the verifier's secret ${SEED}`));
try {
  for (const colluding of [false, true])
    for (const f of FS)
      for (const q of QS) {
        const salt = `${colluding ? 'colluding' : 'honest'} f${f} q${q} seed ${SEED}`;
        const r = await runCell(market, { f, q, colluding, tasks: TASKS, workers: WORKERS, salt, secret }, honest, rnd);
        results.push(r);
        process.stderr.write(
          `verifier run: ${salt}: ${r.accepted.digest + r.accepted.root} wrong accepted of ${r.lies.digest + r.lies.root} lies, ${r.checked} checked, ${r.games} games, ${r.seconds.toFixed(0)} s\n`,
        );
      }
} finally {
  await market.stop();
}
const seconds = (performance.now() - t0) / 1000;

// The simulation of table J (bench/sabotage/verifier.ts: optimistic, honest or colluding scheduler, no blacklist), at
// the same f and q, 200 workers and 20,000 tasks per cell.
const simOf = (r: CellResult) => {
  const s = simulateSeeds(
    { trust: 1, workers: 200, f: r.f, tasks: 20_000, q: r.q, blacklist: false, ...(r.colluding ? { colludingScheduler: true } : {}) },
    [SEED],
  );
  return { wrong: s.wrong / s.tasks, executions: (s.contributions + s.checks) / s.tasks };
};
const wrongOf = (r: CellResult) => r.accepted.digest + r.accepted.root;

// Within the binomial spread of T tasks around the simulated rate (two standard deviations, plus one task).
const agrees = (r: CellResult, p: number) => Math.abs(wrongOf(r) - p * r.tasks) <= 2 * Math.sqrt(r.tasks * p * (1 - p)) + 1;
const fmt = (n: bigint) => n.toLocaleString('en-US');
const pgt = (n: bigint) => Number(formatEther(n)).toFixed(2);
const rows = results.map((r) => {
  const sim = simOf(r);
  const caught = r.caught.digest + r.caught.root;
  return {
    r,
    sim,
    ok: agrees(r, sim.wrong) && r.honestOverturned === 0 && (r.q < 1 || wrongOf(r) === 0),
    line: `| ${r.colluding ? 'colluding' : 'honest'} | ${r.f} | ${r.q} | ${r.lies.digest} / ${r.lies.root} | ${r.checked} | ${r.caught.digest} / ${r.caught.root} | **${wrongOf(r)}** / ${r.tasks} = ${(wrongOf(r) / r.tasks).toFixed(2)} | ${sim.wrong.toFixed(2)} | ${((r.tasks + r.checked) / r.tasks).toFixed(2)} | ${sim.executions.toFixed(2)} | ${r.games} | ${fmt(r.verifierGas)}${caught ? ` (${fmt(r.verifierGas / BigInt(caught))} per lie)` : ''} | ${pgt(r.verifierWon)} | ${fmt(r.liarGas)} | ${r.honestOverturned} |`,
  };
});
const agreeing = rows.filter((x) => x.ok).length;
const totalGas = results.reduce((s, r) => s + r.verifierGas, 0n);
const totalWon = results.reduce((s, r) => s + r.verifierWon, 0n);
const caughtAll = results.reduce((s, r) => s + r.caught.digest + r.caught.root, 0);
const gamesAll = results.reduce((s, r) => s + r.games, 0);
const section = [
  '## Sabotage on chain with a verifier (`bench/sabotage/verifierOnchain.ts`, issue 16)',
  '',
  `Machine: ${machineLine()}. Anvil with the real hub (devnet deployment: dispute clock 1 h, dispute deposit 0.1 PGT, price 0.01 PGT per order and task), ${WORKERS} answering workers of which round(f·${WORKERS}) liars, ${TASKS} tasks per cell (one optimistic deal, challenge window 14 days), each task the ml example's task 0 under its own seed (~3.5M steps). An honest scheduler authorizes a worker drawn from the whole population per task, a colluding one a liar only. A liar answers half the time (seeded draw) with the run's claim beside a false output digest (**digest**: the verifier refutes it by the end binding, \`refuteAnswer\`, decision 027) and otherwise with a made-up end root (**root**: only the game catches it; the verifier challenges and plays a real game to a one-step proof or the liar's timeout, the liar defending). The verifier checks a task when HMAC(secret, task id) < q (packages/verifier's \`isPicked\`); every task is finalized after the window and its on-chain resolution counted. Run of ${seconds.toFixed(0)} s on the loaded machine (figures of time are noisy; gas is not).`,
  '',
  'Columns: lies digest / root; checked: tasks the verifier re-executed; caught: overturned on chain; **wrong accepted** on chain (finalized and paid); sim.: the same f, q and scheduler in the model of table J (200 workers, 20,000 tasks); executions per task: answers plus the verifier’s re-executions (replays inside games not counted); verifier gas: its refutations, challenges, moves and resolutions; won: its escrow after the cell minus before (the liars’ deposits; its challenge deposits come back); liar gas: the liars’ defending moves; last column: honest answers overturned (must be 0).',
  '',
  '| scheduler | f | q | lies d / r | checked | caught d / r | wrong accepted | sim. | executions / task | sim. | games | verifier gas | won, PGT | liar gas | honest overturned |',
  '|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((x) => x.line),
  '',
  `${agreeing} of ${rows.length} cells agree with the simulation (wrong accepted within two binomial standard deviations of the simulated rate plus one task, no honest answer overturned, none accepted at q = 1). In all: ${caughtAll} lies overturned (${gamesAll} by games), the verifier spent ${fmt(totalGas)} gas and won ${pgt(totalWon)} PGT: ${caughtAll ? fmt(totalGas / BigInt(caughtAll)) : '0'} gas per lie caught against the 0.1 PGT deposit it takes, so checking pays as long as 0.1 PGT buys more than that much gas (the re-executions are its other cost: q per task).`,
  '',
].join('\n');
console.log(section);
if (args.write) {
  writeSection('sabotage-verifier', section, [
    {
      target: 'on-chain verifier run agrees with table J (wrong accepted at f = 0.2/0.4/0.9, honest and colluding scheduler)',
      figure: `${agreeing} / ${rows.length} cells agree; ${caughtAll} lies overturned (${gamesAll} games), ${results.filter((r) => r.q >= 1).reduce((s, r) => s + wrongOf(r), 0)} accepted at q = 1`,
      met: agreeing === rows.length,
    },
  ]);
}
process.exitCode = agreeing === rows.length ? 0 : 1;
