/**
 * The example apps' registry: how the grid runs each one as a bag of tasks.
 *
 * @example
 * import { apps } from '@proofgrid/examples'          // or 'examples/index.ts'
 * const spec = apps.renderer
 * const tasks = spec.buildTasks({ width: 640, height: 480 }) // [{ args, files? }, …] one per task
 * // … run every task in a sandbox with spec.limits (module: readFileSync(spec.wasmPath)) …
 * const { summary, files } = spec.combine(outputs, { width: 640, height: 480 }) // files['frame.png']
 *
 * Each app's spec lives in examples/<app>/task.ts; `lib/runBag.ts` runs a whole bag
 * in a local sandbox pool. Modules are built from source by `node examples/build.mjs`
 * (or `buildApps()` below) into examples/<app>/build/<app>.wasm.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AppSpec } from './lib/appSpec.ts';
import { kmeans } from './kmeans/task.ts';
import { ml } from './ml/task.ts';
import { montecarlo } from './montecarlo/task.ts';
import { renderer } from './renderer/task.ts';
import { spectrum } from './spectrum/task.ts';
import { tsp } from './tsp/task.ts';

export type { AppResult, AppSpec, TaskInput, TaskOutput } from './lib/appSpec.ts';
export type { KmeansParams } from './kmeans/task.ts';
export type { MlParams } from './ml/task.ts';
export type { MonteCarloParams } from './montecarlo/task.ts';
export type { RendererParams } from './renderer/task.ts';
export type { SpectrumParams } from './spectrum/task.ts';
export type { TspParams } from './tsp/task.ts';

const registry = { renderer, montecarlo, spectrum, tsp, kmeans, ml };

export type AppName = keyof typeof registry;

/**
 * Every example app by name, in the order of the X8 use cases. Parameters are
 * loosely typed here (`Record<string, unknown>`) so that any app can be picked by
 * name; import the app's own spec below for typed parameters.
 */
export const apps: Record<AppName, AppSpec> = registry;

/** The same specs with their parameter types, e.g. `renderer.buildTasks({ width: 640 })`. */
export { kmeans, ml, montecarlo, renderer, spectrum, tsp };

/** True when `name` is a registered app. */
export function isAppName(name: string): name is AppName {
  return Object.hasOwn(apps, name);
}

/**
 * Builds the apps' modules from their AssemblyScript sources (all of them by
 * default); an up-to-date app is skipped in well under a second.
 */
export function buildApps(names: AppName[] = []): void {
  execFileSync(process.execPath, [new URL('./build.mjs', import.meta.url).pathname, ...names], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The app's WASI module, built first if its sources changed. */
export function loadModule(name: AppName): Uint8Array {
  buildApps([name]);
  return new Uint8Array(readFileSync(apps[name].wasmPath));
}
