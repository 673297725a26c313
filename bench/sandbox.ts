// Sandbox start-up per task from a warm cache (issue 4 target < 5 ms): a trivial module run 300
// times on a pool of one thread.   npm run bench:sandbox
import { createSandboxPool } from '../packages/worker/src/sandbox/index.ts';
import { echoModule } from '../packages/worker/src/sandbox/fixtures/probeModules.ts';
import { machineLine } from './lib/machine.ts';
import { writeSection } from './lib/summary.ts';

const pool = createSandboxPool({ size: 1 });
await pool.ready();
const limits = { memoryMb: 16, timeoutMs: 5000, maxOutputBytes: 1 << 16 };
const startup: number[] = [];
const total: number[] = [];
for (let i = 0; i < 330; i++) {
  const t = performance.now();
  const r = await pool.run({ module: echoModule, args: ['hello', String(i)], seed: '0x01', limits });
  if (i >= 30) {
    total.push(performance.now() - t);
    startup.push(r.usage.startupMs);
  }
}
await pool.close();
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)]!.toFixed(2);
const md = [
  '## Sandbox start-up',
  '',
  `Machine: ${machineLine()}. A trivial WASI module (prints its arguments) run 300 times on a pool of one thread, module`,
  'compiled once (warm cache). Start-up = from `pool.run()` to the module instantiated in the thread (scratch tree, input',
  'files, message); per task = the whole run including /out collection and the wipe. Target: start-up < 5 ms.',
  'Run-time overhead against the same module run directly is in the "Example apps" section (target <= 1.3x).',
  '',
  '| measure | p50 ms | p90 ms | p99 ms |',
  '|---|---:|---:|---:|',
  `| start-up per task | ${q(startup, 0.5)} | ${q(startup, 0.9)} | ${q(startup, 0.99)} |`,
  `| whole run per task | ${q(total, 0.5)} | ${q(total, 0.9)} | ${q(total, 0.99)} |`,
  '',
].join('\n');
writeSection('sandbox', md, [
  { target: 'sandbox start-up < 5 ms', figure: `${q(startup, 0.5)} ms p50 (${q(startup, 0.99)} p99)`, met: Number(q(startup, 0.5)) < 5 },
]);
console.log(md);
