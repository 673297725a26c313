#!/usr/bin/env node
// npm run bench: every benchmark in turn; each writes its section under bench/results/ and
// BENCHMARKS.md is rebuilt from all of them. Run one alone with npm run bench:<name>.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url).pathname;
const steps = [
  ['contracts build', ['contracts/scripts/build.mjs']],
  ['example apps build', ['examples/build.mjs']],
  ['gas (PoCo side by side)', ['--import', 'tsx', 'bench/gas.ts']],
  ['apps in the sandbox vs direct', ['--import', 'tsx', 'bench/apps.ts']],
  ['sandbox start-up', ['--import', 'tsx', 'bench/sandbox.ts']],
  ['baseline commit: whole stack and scheduler (bench/baseline.json)', ['--import', 'tsx', 'bench/baseline.ts']],
  ['whole stack: latency and throughput', ['--import', 'tsx', 'bench/market.ts']],
  ['the same bag on anvil and on EDR (a second EVM)', ['--import', 'tsx', 'bench/chains.ts']],
  ['scheduler with simulated workers', ['--import', 'tsx', 'bench/scheduler.ts']],
  ['the explainer: a request against 1,000 open orders', ['--import', 'tsx', 'bench/explain.ts']],
  ['before and after, side by side', ['--import', 'tsx', 'bench/baseline.ts', '--compare']],
  ['memory of each service', ['--import', 'tsx', 'bench/memory.ts']],
  ['provable machine: interpreter speed, proof size and gas per step', ['--import', 'tsx', 'bench/machine.ts']],
  ['dispute game: gas per move, the degree, a whole game and its projection', ['--import', 'tsx', 'bench/disputes.ts']],
  ['sabotage simulation', ['--import', 'tsx', 'bench/sabotage/simulate.ts']],
  ['sabotage on chain vs the simulation', ['--import', 'tsx', 'bench/sabotage/onchain.ts', '--write']],
  [
    'sabotage on chain with a verifier: optimistic deals, liars, keyed spot-checks and real games (table J on chain)',
    ['--import', 'tsx', 'bench/sabotage/verifierOnchain.ts', '--write'],
  ],
];
let failed = 0;
const started = Date.now();
for (const [title, args] of steps) {
  console.log(`\n=== ${title}`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
const report = readFileSync(new URL('../BENCHMARKS.md', import.meta.url), 'utf8');
const glance = report.slice(report.indexOf('| target |'), report.indexOf('\n\n', report.indexOf('| target |')));
console.log(`\n${glance}\n`);
console.log(
  `${failed ? `${failed} benchmark(s) failed` : 'all benchmarks written to BENCHMARKS.md'} in ${((Date.now() - started) / 60_000).toFixed(1)} min`,
);
process.exit(failed ? 1 : 0);
