// The one place the examples reach into the worker's sandbox (tests and the bench run apps in it).
export {
  computeResultDigest,
  createSandboxPool,
  type SandboxLimits,
  type SandboxPool,
  type SandboxRequest,
  type SandboxResult,
} from '../../packages/worker/src/sandbox/index.ts';
