// @proofgrid/worker: the worker daemon and its WASI sandbox.
export { startWorker } from './createWorker.ts';
export type { WorkerOptions } from './createWorker.ts';
export { createContentCache, ContentHashMismatchError } from './contentCache.ts';
export * as sandbox from './sandbox/index.ts';
