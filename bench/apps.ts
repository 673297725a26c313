// Run time of each example app in the worker's sandbox against the same module run
// directly under node:wasi in the main thread. For each app: the first task of its
// default bag, N runs each way after a warm-up, medians. Also checks that both ways
// give the same result digest, and times the whole default bag on a pool of 2.
// Writes bench/results/apps.md. Usage: node --import tsx bench/apps.ts [runs=15]
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { apps, buildApps } from '../examples/index.ts';
import type { TaskInput } from '../examples/lib/appSpec.ts';
import { runBag } from '../examples/lib/runBag.ts';
import { computeResultDigest, createSandboxPool } from '../examples/lib/sandbox.ts';
import { machineLine } from './lib/machine.ts';
import { writeSection } from './lib/summary.ts';

const RUNS = Number(process.argv[2] ?? 31);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One direct run: scratch /in and /out, node:wasi in this thread, stdout to a file. */
function runDirect(module: WebAssembly.Module, task: TaskInput) {
  const setupStarted = performance.now();
  const root = mkdtempSync(join(tmpdir(), 'pg-bench-'));
  const inDir = join(root, 'in');
  const outDir = join(root, 'out');
  mkdirSync(inDir);
  mkdirSync(outDir);
  for (const [name, bytes] of Object.entries(task.files ?? {})) writeFileSync(join(inDir, name), bytes);
  const stdoutPath = join(root, 'stdout');
  const fd = openSync(stdoutPath, 'w');
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: ['app', ...task.args],
      env: {},
      preopens: { '/in': inDir, '/out': outDir },
      stdout: fd,
      stderr: fd,
      returnOnExit: true,
    });
    const started = performance.now();
    const instance = new WebAssembly.Instance(module, wasi.getImportObject() as WebAssembly.Imports);
    const exitCode = wasi.start(instance);
    const wasmMs = performance.now() - started;
    closeSync(fd);
    const files: Record<string, Uint8Array> = {};
    for (const name of readdirSync(outDir)) files[name] = new Uint8Array(readFileSync(join(outDir, name)));
    const stdout = new Uint8Array(readFileSync(stdoutPath));
    return { exitCode, wasmMs, totalMs: performance.now() - setupStarted, digest: computeResultDigest({ stdout, files }) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

buildApps();
const pool = createSandboxPool({ size: 1 });
const bagPool = createSandboxPool({ size: 2 });
await Promise.all([pool.ready(), bagPool.ready()]);
const rows: string[] = [];
const ratios: { name: string; ratio: number }[] = [];
try {
  for (const spec of Object.values(apps)) {
    const bytes = new Uint8Array(readFileSync(spec.wasmPath));
    const module = new WebAssembly.Module(bytes);
    const tasks = spec.buildTasks();
    const task = tasks[0]!;
    const request = { module: bytes, args: task.args, files: task.files, seed: `${spec.name}:0`, limits: spec.limits };
    runDirect(module, task); // warm-up both ways (the sandbox compiles and caches the module on its first run)
    await pool.run(request);
    const direct = [];
    const sandbox = [];
    for (let i = 0; i < RUNS; i++) {
      direct.push(runDirect(module, task));
      const started = performance.now();
      const result = await pool.run(request);
      sandbox.push({
        totalMs: performance.now() - started,
        wasmMs: result.usage.wallMs,
        digest: computeResultDigest(result),
        exitCode: result.exitCode,
      });
    }
    if ([...direct, ...sandbox].some((r) => r.exitCode !== 0)) throw new Error(`${spec.name}: a run failed`);
    const digests = new Set([...direct, ...sandbox].map((r) => r.digest));
    const bagTimes = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await runBag(spec, undefined, bagPool, bytes);
      bagTimes.push(performance.now() - started);
    }
    const d = { wasm: median(direct.map((r) => r.wasmMs)), total: median(direct.map((r) => r.totalMs)) };
    const s = { wasm: median(sandbox.map((r) => r.wasmMs)), total: median(sandbox.map((r) => r.totalMs)) };
    const row = [
      spec.name,
      task.args.join(' ').slice(0, 48),
      d.wasm.toFixed(1),
      d.total.toFixed(1),
      s.wasm.toFixed(1),
      s.total.toFixed(1),
      `${(s.total / d.total).toFixed(2)}x (${s.total >= d.total ? '+' : '-'}${Math.abs(s.total - d.total).toFixed(1)} ms)`,
      digests.size === 1 ? 'yes' : `NO (${digests.size})`,
      `${tasks.length} tasks: ${median(bagTimes).toFixed(0)} ms`,
    ];
    rows.push(`| ${row.join(' | ')} |`);
    ratios.push({ name: spec.name, ratio: s.total / d.total });
    console.error(`apps: ${row.join('  ')}`);
  }
} finally {
  await Promise.all([pool.close(), bagPool.close()]);
}

const lines = [
  '## Example apps: sandbox vs direct (`node --import tsx bench/apps.ts`)',
  '',
  `Machine: ${machineLine()}. Each app's first default task (its arguments below), ${RUNS} runs each way after a warm-up, medians.`,
  'Direct: the same module, compiled once, instantiated and run with `node:wasi` in the main thread, with the same /in and /out',
  'scratch directories; "wasm" is instantiate to exit, "total" adds writing /in, reading /out and cleaning up. Sandbox: a warm',
  '`createSandboxPool` of one thread (module cache hit); "wasm" is the thread\'s instantiate-to-exit (`usage.wallMs`, with the',
  'sandbox\'s deterministic clock, random, output-cap and file-system imports), "total" the whole `pool.run` (validation, module',
  'lookup by sha256, scratch tree, message to the thread, /out collection, wipe). Same digest: every direct and sandbox run gave',
  'one `computeResultDigest`. Bag: the whole default bag through `runBag` on a pool of 2 threads, combine included (median of 5).',
  '',
  '| app | task args | direct wasm ms | direct total ms | sandbox wasm ms | sandbox total ms | sandbox / direct | same digest | default bag (pool of 2) |',
  '|---|---|---:|---:|---:|---:|---:|:--:|---:|',
  ...rows,
  '',
];
const over = ratios.filter((r) => r.ratio > 1.3);
writeSection('apps', lines.join('\n'), [
  {
    target: 'sandbox run time <= 1.3x the same module run directly (each example app)',
    figure: `${Math.min(...ratios.map((r) => r.ratio)).toFixed(2)}-${Math.max(...ratios.map((r) => r.ratio)).toFixed(2)}x`,
    met: over.length === 0,
    note: over.length ? `over: ${over.map((r) => `${r.name} ${r.ratio.toFixed(2)}x`).join(', ')}` : undefined,
  },
]);
console.log(lines.join('\n'));
