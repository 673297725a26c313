// The sandbox's public surface (the worker's src/index.ts may re-export it).
export { capModuleMemory, WASM_PAGE_BYTES, type CappedModule } from './capModuleMemory.ts';
export { computeResultDigest } from './computeResultDigest.ts';
export { createModuleCache, type ModuleCache, type PreparedModule } from './createModuleCache.ts';
export { createSandboxPool, type CreateSandboxPoolParameters, type SandboxPool } from './createSandboxPool.ts';
export {
  type ErrorKind,
  ProofgridError,
  SandboxCrashedError,
  SandboxInvalidModuleError,
  SandboxInvalidRequestError,
  SandboxMemoryLimitError,
  SandboxOutputLimitError,
  SandboxPoolClosedError,
  SandboxTimeoutError,
  SandboxTrapError,
} from './errors.ts';
export { runInSandbox } from './runInSandbox.ts';
export type { SandboxLimits, SandboxRequest, SandboxResult, SandboxUsage } from './types.ts';
export { VIRTUAL_CLOCK_STEP_NS } from './virtualClock.js';
