// @proofgrid/testkit: a whole market on loopback (devnet in-process, scheduler and workers as processes).
export { startStack, spawnService, waitForFile } from './stack.ts';
export type { Proc, Stack } from './stack.ts';
export { fetchTrusting } from './tls.ts';
export { storedBlob, tamperStoredBlob } from './blobs.ts';
export { PRICE, MONTECARLO, events, mcTasks, setupMarket } from './market.ts';
export { type Proxy, type ProxyFaults, type PartitionMode, startProxy, seededRandom } from './proxy.ts';
export {
  type FaultKind,
  type FaultRecord,
  type NemesisOptions,
  type NemesisReport,
  FAULT_KINDS,
  runNemesis,
  formatFaults,
} from './nemesis.ts';
export { type CheckReport, type DealCheck, type CheckOptions, checkRun, formatCheck, retry } from './checker.ts';
export { COLLUDERS_OUTPUT, colludingSaboteur, lazySaboteur } from './saboteur.ts';
export { OPTIMISTIC_PRICE, OPTIMISTIC_ROLES, type OptimisticClaim, startOptimisticDeal } from './optimisticDeal.ts';
export { advanceChain, answerOf, falseChallenge, inputsOf, waitUntil } from './optimisticStack.ts';
