import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Verdict } from './summary.ts';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const REPORT = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));

/** Order of sections in BENCHMARKS.md; any other result file follows, by name. */
const ORDER = ['gas.md', 'latency.md', 'throughput.md', 'sandbox.md', 'scheduler.md', 'memory.md'];

/**
 * Rebuilds BENCHMARKS.md from every bench/results/*.md section, so each benchmark can run alone
 * and the report still holds the latest figures of all of them.
 */
export function writeReport(): void {
  const files = existsSync(RESULTS) ? readdirSync(RESULTS).filter((f) => f.endsWith('.md')) : [];
  files.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
  const body = files.map((f) => readFileSync(`${RESULTS}${f}`, 'utf8').trim()).join('\n\n');
  // The "at a glance" table, from each benchmark's summary (bench/lib/summary.ts).
  const SUMMARIES = ['gas', 'latency', 'throughput', 'sandbox', 'apps', 'scheduler', 'sabotage-onchain'];
  const summaries = existsSync(RESULTS) ? readdirSync(RESULTS).filter((f) => f.endsWith('.summary.json')) : [];
  summaries.sort(
    (a, b) => (SUMMARIES.indexOf(a.replace('.summary.json', '')) + 1 || 99) - (SUMMARIES.indexOf(b.replace('.summary.json', '')) + 1 || 99),
  );
  const glance = summaries.flatMap((f) => {
    const { at, verdicts } = JSON.parse(readFileSync(`${RESULTS}${f}`, 'utf8')) as { at: string; verdicts: Verdict[] };
    return verdicts.map(
      (v) => `| ${v.target} | ${v.figure} | ${v.met ? 'yes' : '**no**'}${v.note ? ` (${v.note})` : ''} | ${at.slice(0, 10)} |`,
    );
  });
  const header = [
    '# Proofgrid benchmarks',
    '',
    'Measured, not asserted: each section is written by a script under `bench/` (`npm run bench` runs them all in one go,',
    '`npm run bench:gas` and the others one each). Targets and the anchors (iExec PoCo, BOINC) stand beside our figures.',
    'Every section names the machine it ran on; figures taken while other jobs loaded the machine say so.',
    '',
    'At a glance: every target of the issues against the last run of its benchmark (built from `bench/results/*.summary.json`).',
    '',
    '| target | figure | met | run on |',
    '|---|---|---|---|',
    ...glance,
    '',
  ].join('\n');
  writeFileSync(REPORT, `${header}\n${body}\n`);
}
