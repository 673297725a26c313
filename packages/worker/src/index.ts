// @proofgrid/worker: the worker daemon and its WASI sandbox.
export { startWorker } from './createWorker.ts';
export type { WorkerOptions } from './createWorker.ts';
export { createContentCache, ContentHashMismatchError } from './contentCache.ts';
export { createSandboxPool, runInSandbox, computeResultDigest } from './sandbox/index.ts';
export type { SandboxLimits, SandboxRequest, SandboxResult } from './sandbox/index.ts';
export { noAttestation } from './attestation.ts';
export type { AttestationProvider } from './attestation.ts';
