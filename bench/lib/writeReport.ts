import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  const header = [
    '# Proofgrid benchmarks',
    '',
    'Measured, not asserted: each section is written by a script under `bench/` (`npm run bench` runs them all,',
    '`npm run bench:gas` only the gas table). Targets and the anchors (iExec PoCo, BOINC) stand beside our figures.',
    '',
  ].join('\n');
  writeFileSync(REPORT, `${header}\n${body}\n`);
}
