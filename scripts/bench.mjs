#!/usr/bin/env node
// npm run bench: every benchmark in turn; each writes its section under bench/results/ and
// BENCHMARKS.md is rebuilt from all of them. Run one alone with npm run bench:<name>.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url).pathname;
const steps = [
  ['contracts build', ['contracts/scripts/build.mjs']],
  ['example apps build', ['examples/build.mjs']],
  ['gas (PoCo side by side)', ['--import', 'tsx', 'bench/gas.ts']],
  ['apps in the sandbox vs direct', ['--import', 'tsx', 'bench/apps.ts']],
  ['sandbox start-up', ['--import', 'tsx', 'bench/sandbox.ts']],
  ['whole stack: latency and throughput', ['--import', 'tsx', 'bench/market.ts']],
  ['scheduler with simulated workers', ['--import', 'tsx', 'bench/scheduler.ts']],
  ['memory of each service', ['--import', 'tsx', 'bench/memory.ts']],
  ['sabotage simulation', ['--import', 'tsx', 'bench/sabotage/simulate.ts']],
];
let failed = 0;
for (const [title, args] of steps) {
  if (args.at(-1).startsWith('bench/') && !existsSync(`${ROOT}${args.at(-1)}`)) {
    console.log(`\n=== ${title}: skipped (${args.at(-1)} not present)`);
    continue;
  }
  console.log(`\n=== ${title}`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(failed ? `\n${failed} benchmark(s) failed` : '\nall benchmarks written to BENCHMARKS.md');
process.exit(failed ? 1 : 0);
