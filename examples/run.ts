/**
 * Runs an example app's whole bag locally, in a sandbox pool (no chain, no
 * scheduler), and saves the combined artefact:
 *   node --import tsx examples/run.ts <app> [--param value …] [--out dir]
 *   node --import tsx examples/run.ts renderer --width 640 --height 480 --columns 4 --rows 3
 *   node --import tsx examples/run.ts kmeans --dataset my-returns.csv --k 5
 * Numbers are parsed as numbers, "1,2,3" as a number list; the dataset-like
 * parameters (dataset, cities, wav) name a file to read. Files go to --out
 * (default examples/out/<app>/).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { apps, isAppName, loadModule } from './index.ts';
import { runBag } from './lib/runBag.ts';
import { createSandboxPool } from './lib/sandbox.ts';

const FILE_PARAMS = new Set(['dataset', 'cities', 'wav']);

const [name, ...rest] = process.argv.slice(2);
if (!name || !isAppName(name)) {
  console.error(`usage: run.ts <app> [--param value …] [--out dir]\napps: ${Object.keys(apps).join(', ')}`);
  process.exit(2);
}
const params: Record<string, unknown> = {};
let out = new URL(`./out/${name}/`, import.meta.url).pathname;
for (let i = 0; i < rest.length; i += 2) {
  const key = rest[i]!.replace(/^--/, '');
  const value = rest[i + 1];
  if (value === undefined) throw new Error(`--${key} needs a value`);
  if (key === 'out') out = value;
  else if (FILE_PARAMS.has(key)) params[key] = new Uint8Array(readFileSync(value));
  else if (/^-?[\d.e+-]+(,-?[\d.e+-]+)+$/.test(value)) params[key] = value.split(',').map(Number);
  else params[key] = Number.isFinite(Number(value)) ? Number(value) : value;
}

const spec = apps[name];
const module = loadModule(name);
const pool = createSandboxPool({ size: availableParallelism() });
try {
  const started = performance.now();
  const bag = await runBag(spec, params, pool, module);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  mkdirSync(out, { recursive: true });
  for (const [file, bytes] of Object.entries(bag.result.files)) writeFileSync(join(out, file), bytes);
  console.log(bag.result.summary);
  console.log(`${bag.tasks.length} task(s) in ${seconds} s; wrote ${Object.keys(bag.result.files).join(', ')} to ${out}`);
} finally {
  await pool.close();
}
