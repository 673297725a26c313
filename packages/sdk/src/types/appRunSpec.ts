import type { TaskInput } from '../market/run.ts';

/** What one task produced: its stdout and its /out files. */
export type TaskOutput = { stdout: Uint8Array; files: Record<string, Uint8Array> };

/**
 * How a runner (the CLI's `run <example>`, the web app's run forms) runs an app as a bag of tasks: the part of an
 * example app's spec (examples/lib/appSpec.ts) a runner uses. Both functions are pure; missing parameters come
 * from `defaultParams`.
 */
export type AppRunSpec = {
  name: string;
  /** Task category by name (XS, S, M, L). */
  category: string;
  defaultParams: Record<string, unknown>;
  /** The bag: one entry per task, in task order. */
  buildTasks(params?: Record<string, unknown>): TaskInput[];
  /** Combines the task outputs (in task order) into the final artefact: a summary and files to save. */
  combine(results: TaskOutput[], params?: Record<string, unknown>): { summary: string; files: Record<string, Uint8Array> };
};
