// @proofgrid/worker: the worker daemon and its WASI sandbox.
export { startWorker } from './createWorker.ts';
export type { WorkerOptions } from './createWorker.ts';
export { runWorkerCli } from './cli.ts';
export { honest } from './resultStrategy.ts';
export type { ResultStrategy, TaskOutput } from './resultStrategy.ts';
export type { ProvableLeaf } from './batchLeaves/provableLeaves.ts';
export { REVEAL_STATES, REVEAL_EVENTS, REVEAL_TRANSITIONS, reduceReveal } from './reveal/reducer.ts';
export type { RevealEffect, RevealObservation, RevealPhase, RevealState } from './reveal/reducer.ts';
export { createContentCache, ContentHashMismatchError } from './contentCache.ts';
export { createSandboxPool, runInSandbox, computeResultDigest } from './sandbox/index.ts';
export type { SandboxLimits, SandboxRequest, SandboxResult } from './sandbox/index.ts';
export { noAttestation } from './attestation.ts';
export type { AttestationProvider } from './attestation.ts';
