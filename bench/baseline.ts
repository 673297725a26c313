// Before and after in the same run: the whole-stack and scheduler benchmarks of a baseline commit
// (bench/baseline.json, or PROOFGRID_BENCH_BASELINE=<ref>) run from a git worktree on this machine,
// right before the same benchmarks of the working tree; `--compare` then writes the two side by side.
//   node --import tsx bench/baseline.ts            runs the baseline's benchmarks (worktree under the OS temp dir)
//   node --import tsx bench/baseline.ts --compare  writes bench/results/before-after.md from both runs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineLine } from './lib/machine.ts';
import { writeSection } from './lib/summary.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const config = JSON.parse(readFileSync(join(ROOT, 'bench/baseline.json'), 'utf8')) as { ref: string; why: string };
const ref = process.env.PROOFGRID_BENCH_BASELINE ?? config.ref;

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}`);
}

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** The baseline checkout: a detached worktree whose node_modules links to ours, except our own workspaces. */
function prepareWorktree(): string {
  const commit = git(['rev-parse', '--verify', `${ref}^{commit}`]);
  const dir = join(tmpdir(), `proofgrid-baseline-${commit.slice(0, 12)}`);
  if (!existsSync(join(dir, 'package.json'))) {
    spawnSync('git', ['worktree', 'prune'], { cwd: ROOT });
    run('git', ['worktree', 'add', '--force', '--detach', dir, commit], ROOT);
  }
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) {
    mkdirSync(join(modules, '@proofgrid'), { recursive: true });
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name !== '@proofgrid') symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
    }
    // Workspace links point into the baseline's own packages, so the baseline runs its own code.
    for (const name of readdirSync(join(ROOT, 'node_modules/@proofgrid'))) {
      const target = resolve(join(modules, '@proofgrid'), readlinkSync(join(ROOT, 'node_modules/@proofgrid', name)));
      if (existsSync(target)) symlinkSync(target, join(modules, '@proofgrid', name));
    }
  }
  return dir;
}

type Figures = { latencyMs?: number; tasksPerSec10k?: number; heartbeatsPerSec?: number };

/** Reads the three figures from a results folder's markdown sections (the format both versions write). */
function figures(results: string): Figures {
  const read = (f: string) => (existsSync(join(results, f)) ? readFileSync(join(results, f), 'utf8') : '');
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s.replace(/,/g, '')));
  const latency = /\*\*request to verified result\*\*[^|]*\|\s*\*\*([\d,.]+)\*\*/.exec(read('latency.md'))?.[1];
  const bag = /^\|\s*10,000\s*\|[^|]*\|[^|]*\|[^|]*\|\s*([\d,.]+)/m.exec(read('throughput.md'))?.[1];
  const capacities = [...read('scheduler.md').matchAll(/^\|\s*[\d,]+\s*\|\s*[\d.]+\s*\|\s*(\d+)\s*\|/gm)].map((m) => Number(m[1]));
  return { latencyMs: num(latency), tasksPerSec10k: num(bag), heartbeatsPerSec: capacities.length ? Math.max(...capacities) : undefined };
}

function compare(dir: string): void {
  const before = figures(join(dir, 'bench/results'));
  const after = figures(join(ROOT, 'bench/results'));
  const show = (v: number | undefined, unit: string) => (v === undefined ? 'not measured' : `${v.toLocaleString('en-US')} ${unit}`);
  const rows: [string, keyof Figures, string, (b: number, a: number) => boolean, string][] = [
    ['request to verified result, median', 'latencyMs', 'ms', (_b, a) => a <= 100, '<= 100 ms'],
    ['10,000-task bag through the whole stack', 'tasksPerSec10k', 'tasks/s', (_b, a) => a >= 2000, '>= 2,000 tasks/s'],
    ['heartbeat capacity of one scheduler', 'heartbeatsPerSec', 'hb/s', (b, a) => a >= b, 'no lower than before'],
  ];
  const commit = git(['rev-parse', '--short=12', ref]);
  const head = git(['rev-parse', '--short=12', 'HEAD']);
  const dirty = git([
    'status',
    '--porcelain',
    '--untracked-files=no',
    '--',
    '.',
    ':!bench/results',
    ':!BENCHMARKS.md',
    ':!contracts/snapshots',
  ])
    ? ' with uncommitted changes'
    : '';
  const lines = [
    '## Before and after the scheduler and worker rebuild (same run, same machine)',
    '',
    `Machine: ${machineLine()}. "Before" is commit ${commit} (${config.why}), run from a git worktree right before "after",`,
    `the working tree at ${head}${dirty}, by \`npm run bench\` (bench/baseline.ts). Figures are read from each run's sections below.`,
    '',
    '| figure | before | after | target | met |',
    '|---|---:|---:|---|:--:|',
  ];
  const verdicts = rows.map(([title, key, unit, ok, target]) => {
    const [b, a] = [before[key], after[key]];
    const met = a !== undefined && b !== undefined && ok(b, a);
    lines.push(`| ${title} | ${show(b, unit)} | ${show(a, unit)} | ${target} | ${met ? 'yes' : '**no**'} |`);
    return { target: `${title}: ${target} (before: ${show(b, unit)})`, figure: show(a, unit), met };
  });
  writeSection('before-after', lines.join('\n'), verdicts);
}

const dir = prepareWorktree();
if (process.argv.includes('--compare')) compare(dir);
else {
  run(process.execPath, ['contracts/scripts/build.mjs'], dir);
  run(process.execPath, ['examples/build.mjs'], dir);
  for (const bench of ['bench/market.ts', 'bench/scheduler.ts']) run(process.execPath, ['--import', 'tsx', bench], dir);
}
