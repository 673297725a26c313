// Run forms for apps the page knows by name: the example apps' own task builders and combiners
// (pure, browser-safe code in examples/<app>/task.ts, composed in at build time by vite.config.ts as
// `virtual:example-apps`: the page's sources import no workspace package but the SDK). Any other app gets the generic form.
import type { AppRunSpec as AppSpec, TaskInput } from '@proofgrid/sdk';
import { montecarlo, renderer } from 'virtual:example-apps';

/** One field of a run form: a whole number in a range, or a choice. */
export type FormField = { name: string; label: string; min?: number; max?: number; choices?: string[] };

export type KnownApp = { spec: AppSpec; fields: FormField[]; defaults: Record<string, string> };

const KNOWN: Record<string, KnownApp> = {
  montecarlo: {
    spec: montecarlo,
    fields: [
      { name: 'tasks', label: 'Tasks in the bag', min: 1, max: 64 },
      { name: 'paths', label: 'Simulated paths (whole bag)', min: 2, max: 50_000_000 },
      { name: 'option', label: 'Option', choices: ['call', 'put'] },
    ],
    defaults: { tasks: '4', paths: '200000', option: 'call' },
  },
  renderer: {
    spec: renderer,
    fields: [
      { name: 'width', label: 'Width (px)', min: 8, max: 1920 },
      { name: 'height', label: 'Height (px)', min: 8, max: 1080 },
      { name: 'columns', label: 'Tile columns', min: 1, max: 16 },
      { name: 'rows', label: 'Tile rows', min: 1, max: 16 },
    ],
    defaults: { width: '160', height: '120', columns: '2', rows: '1' },
  },
};

/** The run form of an app known by name, if any. */
export function knownApp(name: string): KnownApp | undefined {
  return Object.hasOwn(KNOWN, name) ? KNOWN[name] : undefined;
}

/** Builds the bag of a known app from form values (numbers parsed by the caller). */
export function buildKnownTasks(app: KnownApp, params: Record<string, unknown>): TaskInput[] {
  return app.spec.buildTasks(params);
}

/** Combines a known app's task outputs into its artefact (summary + files such as frame.png). */
export function combineKnown(
  app: KnownApp,
  outputs: { stdout: Uint8Array; files: Record<string, Uint8Array> }[],
  params: Record<string, unknown>,
) {
  return app.spec.combine(outputs, params);
}
