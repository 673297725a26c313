// @proofgrid/verifier: the proofgrid-verifier service as a library (tests, the demo).
export { parseVerifierArgs, USAGE, type VerifierConfig, VerifierConfigError } from './config.ts';
export { isPicked } from './select.ts';
export { openStore, type Store, type TaskRow, type TaskState } from './store.ts';
export { startVerifier, jsonLog } from './service.ts';
