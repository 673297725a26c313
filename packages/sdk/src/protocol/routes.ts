import type { z } from 'zod';
import { ApiError } from '../api/ApiError.ts';
import { ProofgridError } from '../errors/ProofgridError.ts';
import {
  zChallenge,
  zChallengeRequest,
  zHeartbeat,
  zHeartbeatAck,
  zLeaseDone,
  zLeaseFail,
  zLeaseResult,
  zNextLease,
  zNextLeaseRequest,
  zOk,
  zRegisterWorker,
  zRegistered,
} from './schemas.ts';

/** One JSON route of the worker protocol: where it is, whether it needs the bearer token, its two bodies. */
export type WorkerRoute = {
  method: 'POST';
  path: string;
  /** Sent with `authorization: Bearer <token>` (the token `register` answered). */
  auth: boolean;
  request: z.ZodType;
  response: z.ZodType;
};

/**
 * The worker protocol's JSON routes, one table for the client and the server (`:id` is a lease id).
 * The content store routes (binary bodies) are in `blobs.ts`.
 */
export const workerRoutes = {
  challenge: { method: 'POST', path: '/v1/workers/challenge', auth: false, request: zChallengeRequest, response: zChallenge },
  register: { method: 'POST', path: '/v1/workers/register', auth: false, request: zRegisterWorker, response: zRegistered },
  heartbeat: { method: 'POST', path: '/v1/workers/heartbeat', auth: true, request: zHeartbeat, response: zHeartbeatAck },
  nextLease: { method: 'POST', path: '/v1/leases/next', auth: true, request: zNextLeaseRequest, response: zNextLease },
  reportResults: { method: 'POST', path: '/v1/leases/:id/results', auth: true, request: zLeaseResult, response: zOk },
  reportDone: { method: 'POST', path: '/v1/leases/:id/done', auth: true, request: zLeaseDone, response: zOk },
  reportFail: { method: 'POST', path: '/v1/leases/:id/fail', auth: true, request: zLeaseFail, response: zOk },
} as const satisfies Record<string, WorkerRoute>;
export type WorkerRouteName = keyof typeof workerRoutes;

/** A route's path with its lease id filled in. */
export const routePath = (route: WorkerRoute, leaseId?: number) =>
  leaseId === undefined ? route.path : route.path.replace(':id', String(leaseId));

const describeIssues = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');

/**
 * A request body checked before it is sent: a body the scheduler would refuse is a bug of the
 * caller, thrown as `ProtocolRequestInvalid` (kind `internal`) without a round trip.
 */
export function checkRequest<S extends z.ZodType>(schema: S, body: unknown, what: string): void {
  const r = schema.safeParse(body);
  if (!r.success) {
    throw new ProofgridError(`${what}: the request does not match the protocol (${describeIssues(r.error)})`, {
      code: 'ProtocolRequestInvalid',
      kind: 'internal',
      details: { issues: r.error.issues.slice(0, 10) },
    });
  }
}

/**
 * A 2xx answer parsed with its schema; one that does not match is an ApiError
 * `ProtocolResponseInvalid` (status 200: the service answered, but not in the protocol).
 */
export function parseAnswer<S extends z.ZodType>(schema: S, answer: unknown, what: string): z.output<S> {
  const r = schema.safeParse(answer);
  if (!r.success) {
    throw new ApiError(`${what}: the answer does not match the protocol (${describeIssues(r.error)})`, {
      code: 'ProtocolResponseInvalid',
      status: 200,
      kind: 'platform',
      details: { issues: r.error.issues.slice(0, 10) },
    });
  }
  return r.data as z.output<S>;
}
