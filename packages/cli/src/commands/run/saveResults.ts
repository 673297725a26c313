import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { Hex } from 'viem';
import type { RunPlan } from './planRun.ts';

type Result = { index: number; digest: Hex; stdout: Uint8Array; files: Record<string, Uint8Array> };

/**
 * Writes a run's results under `dir`: for an example app the files its `combine` builds from the
 * task outputs (in task order), otherwise each task's stdout and output files.
 */
export function saveResults(plan: RunPlan, results: Result[], dir: string): { summary: string; files: string[] } {
  const written: string[] = [];
  const write = (name: string, bytes: Uint8Array) => {
    const path = join(
      dir,
      normalize(name)
        .replace(/^(\.\.(\/|\\|$))+/, '')
        .replace(/^\/+/, ''),
    );
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    written.push(path);
  };
  mkdirSync(dir, { recursive: true });
  if (plan.spec) {
    const combined = plan.spec.combine(
      results.map((r) => ({ stdout: r.stdout, files: r.files })),
      plan.params,
    );
    for (const [name, bytes] of Object.entries(combined.files)) write(name, bytes);
    return { summary: combined.summary, files: written };
  }
  for (const r of results) {
    write(`task-${r.index}.stdout`, r.stdout);
    for (const [name, bytes] of Object.entries(r.files)) write(join(`task-${r.index}`, name), bytes);
  }
  const first = new TextDecoder().decode(results[0]?.stdout ?? new Uint8Array()).trim();
  const summary = results.length === 1 && first.length <= 500 ? first : `${results.length} task results saved`;
  return { summary, files: written };
}
