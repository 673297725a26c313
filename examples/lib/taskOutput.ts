import type { TaskOutput } from './appSpec.ts';

/** Parses a task's stdout as JSON, naming the task when it is not. */
export function stdoutJson<T>(result: TaskOutput, index: number): T {
  const text = new TextDecoder().decode(result.stdout).trim();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`task ${index} printed no JSON result: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

/** A task's output file, or an error naming the task. */
export function outputFile(result: TaskOutput, index: number, name: string): Uint8Array {
  const file = result.files[name];
  if (!file) throw new Error(`task ${index} wrote no /out/${name}`);
  return file;
}

/** Merges partial parameters over the defaults (undefined values do not override). */
export function withDefaults<P extends object>(defaults: P, params: Partial<P> | undefined): P {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  return merged;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
