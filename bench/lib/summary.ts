import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeReport } from './writeReport.ts';

/** One line of BENCHMARKS.md's "at a glance" table: a target, the measured figure, whether it is met. */
export type Verdict = { target: string; figure: string; met: boolean; note?: string };

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

/**
 * A benchmark's verdicts against the issues' targets, written beside its section
 * (bench/results/<name>.summary.json); writeReport builds the table from them, so the table
 * always holds the figures of the last run of each benchmark, never hand-copied ones.
 */
function writeSummary(name: string, verdicts: Verdict[]): void {
  writeFileSync(`${RESULTS}${name}.summary.json`, `${JSON.stringify({ at: new Date().toISOString(), verdicts }, null, 2)}\n`);
}

/**
 * What every benchmark does with its figures: its section of BENCHMARKS.md as
 * bench/results/<name>.md, its verdicts beside it when it has targets, and the report rebuilt.
 */
export function writeSection(name: string, markdown: string, verdicts?: Verdict[]): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}${name}.md`, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  if (verdicts) writeSummary(name, verdicts);
  writeReport();
}
