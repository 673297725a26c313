// @proofgrid/sdk/protocol: the worker <-> scheduler protocol (schemas, route table, typed client).
// Isomorphic: imports no Node module.
export {
  zBlobFetch,
  zBlobHashes,
  zBlobStored,
  zChallenge,
  zChallengeRequest,
  zDealKey,
  zHeartbeat,
  zHeartbeatAck,
  zLease,
  zLeaseDigests,
  zLeaseDone,
  zLeaseFail,
  zLeaseFailure,
  zLeaseLimits,
  zLeaseResult,
  zLeaseTask,
  zNextLease,
  zNextLeaseRequest,
  zOk,
  zProvableTask,
  zRegisterWorker,
  zRegistered,
  zResources,
  registrationTypedData,
} from './schemas.ts';
export type {
  Challenge,
  ChallengeBody,
  HeartbeatAck,
  HeartbeatBody,
  Lease,
  LeaseDoneBody,
  LeaseFailBody,
  LeaseResultBody,
  LeaseWire,
  NextLease,
  NextLeaseBody,
  ProvableTaskReport,
  RegisterWorkerBody,
  Registered,
  RegistrationScope,
  WorkerResources,
} from './schemas.ts';
export { workerRoutes, routePath, checkRequest, parseAnswer } from './routes.ts';
export type { WorkerRoute, WorkerRouteName } from './routes.ts';
export { blobRoutes, blobCalls } from './blobs.ts';
export { frame, unframe } from './frames.ts';
export { createWorkerProtocolClient } from './client.ts';
export type { WorkerProtocolClient, WorkerProtocolClientParameters } from './client.ts';
