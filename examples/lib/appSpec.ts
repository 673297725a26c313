/**
 * The contract between an example app and whoever runs it on the grid (the CLI's
 * `proofgrid run <app>`, the `npm start` demo, the tests and the bench). Each app
 * describes itself in examples/<app>/task.ts; examples/index.ts collects them.
 */
import type { SandboxLimits } from '../../packages/worker/src/sandbox/types.ts';

/** One task of a bag: the app's arguments and its input files (placed under /in). */
export type TaskInput = { args: string[]; files?: Record<string, Uint8Array> };

/** What one task produced: the sandbox result's stdout and its /out files. */
export type TaskOutput = { stdout: Uint8Array; files: Record<string, Uint8Array> };

/** The final artefact of a bag: a human-readable summary and the files to save. */
export type AppResult = { summary: string; files: Record<string, Uint8Array> };

/**
 * How the grid runs an app as a bag of tasks.
 * `buildTasks` and `combine` take partial parameters: what is missing comes from
 * `defaultParams`. Both are pure and deterministic (same parameters, same tasks).
 */
export type AppSpec<P extends object = Record<string, unknown>> = {
  name: string;
  description: string;
  /** Absolute path of the built module (run `node examples/build.mjs` first). */
  wasmPath: string;
  /** Task category by name (devnet categories XS/S/M/L = max run time 1/5/30/120 min). */
  category: 'XS' | 'S' | 'M' | 'L';
  /** Sandbox limits each task of the bag needs (for the default parameters). */
  limits: SandboxLimits;
  defaultParams: P;
  /** The bag: one entry per task, in task order. */
  buildTasks(params?: Partial<P>): TaskInput[];
  /** Combines the task outputs (in task order) into the final artefact. Throws on a malformed output. */
  combine(results: TaskOutput[], params?: Partial<P>): AppResult;
};
