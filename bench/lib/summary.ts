import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One line of BENCHMARKS.md's "at a glance" table: a target, the measured figure, whether it is met. */
export type Verdict = { target: string; figure: string; met: boolean; note?: string };

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

/**
 * A benchmark's verdicts against the issues' targets, written beside its section
 * (bench/results/<name>.summary.json); writeReport builds the table from them, so the table
 * always holds the figures of the last run of each benchmark, never hand-copied ones.
 */
export function writeSummary(name: string, verdicts: Verdict[]): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}${name}.summary.json`, `${JSON.stringify({ at: new Date().toISOString(), verdicts }, null, 2)}\n`);
}
