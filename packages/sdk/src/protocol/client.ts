import type { z } from 'zod';
import { jsonCaller } from '../api/jsonCaller.ts';
import { blobCalls } from './blobs.ts';
import { type WorkerRouteName, checkRequest, parseAnswer, routePath, workerRoutes } from './routes.ts';
import type {
  ChallengeBody,
  HeartbeatBody,
  LeaseDoneBody,
  LeaseFailBody,
  LeaseResultBody,
  NextLeaseBody,
  RegisterWorkerBody,
} from './schemas.ts';

export type WorkerProtocolClientParameters = {
  /** The scheduler's URL, e.g. `http://127.0.0.1:40000`. */
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  /** A bearer token from an earlier registration; `register` sets (and replaces) it. */
  token?: string;
};
export type WorkerProtocolClient = ReturnType<typeof createWorkerProtocolClient>;

type Answer<R extends WorkerRouteName> = z.output<(typeof workerRoutes)[R]['response']>;

/**
 * The worker's client of the scheduler: one method per route of the worker protocol. Each request
 * body is checked against its schema before it is sent (`ProtocolRequestInvalid`), each answer
 * parsed with its schema (`ProtocolResponseInvalid`); a refusal is an ApiError with the service's
 * code (`WorkerUnauthorized`, `ChallengeUnknown`, `LeaseNotFound`, ...), an unreachable
 * scheduler an ApiError `ServiceUnreachable` (status 0).
 * @example
 * import { createWorkerProtocolClient, registrationTypedData } from '@proofgrid/sdk/protocol';
 * const scheduler = createWorkerProtocolClient({ baseUrl: 'http://127.0.0.1:40000' });
 * const c = await scheduler.challenge();
 * const signature = await account.signTypedData(
 *   registrationTypedData({ ...c, worker: account.address, workerpool: BigInt(c.workerpool) }),
 * );
 * await scheduler.register({ address: account.address, resources, ...c, signature });
 * const { lease } = await scheduler.nextLease();
 */
export function createWorkerProtocolClient({ baseUrl, fetch: fetchFn = globalThis.fetch, token }: WorkerProtocolClientParameters) {
  const base = baseUrl.replace(/\/+$/, '');
  const call = jsonCaller(base, fetchFn, {
    code: 'ServiceUnreachable',
    message: (cause) => `cannot reach the scheduler at ${base} (${cause})`,
  });
  let bearer = token;

  async function send<R extends WorkerRouteName>(name: R, body: unknown, leaseId?: number): Promise<Answer<R>> {
    const route = workerRoutes[name];
    const path = routePath(route, leaseId);
    const what = `${route.method} ${path}`;
    checkRequest(route.request, body, what);
    const init = route.auth ? { headers: { authorization: `Bearer ${bearer ?? ''}` } } : {};
    return parseAnswer(route.response, await call<unknown>(route.method, path, body, init), what) as Answer<R>;
  }

  return {
    url: base,
    /** The bearer token in use (undefined before the first registration). */
    get token() {
      return bearer;
    },
    /** A one-time challenge to sign for `register` (docs/decisions/014). */
    challenge: (body: ChallengeBody = {}) => send('challenge', body),
    /** Registers (signed, see `registrationTypedData`); the answered token is used by every later call. */
    async register(body: RegisterWorkerBody) {
      const r = await send('register', body);
      bearer = r.token;
      return r;
    },
    /** Keeps the worker online and extends the listed leases. */
    heartbeat: (body: HeartbeatBody = {}) => send('heartbeat', body),
    /** The next batch this worker may run, or `{ lease: null, reason }` (after up to `waitMs` of long poll). */
    nextLease: (body: NextLeaseBody = {}) => send('nextLease', body),
    /** Reports a lease's result digests (the result blobs are uploaded before). */
    reportResults: (leaseId: number, body: LeaseResultBody) => send('reportResults', body, leaseId),
    /** Reports what the worker did on chain (`pushed`, `contributed`, `revealed`) and the transaction. */
    reportDone: (leaseId: number, body: LeaseDoneBody) => send('reportDone', body, leaseId),
    /** Reports a failed lease with an error code. */
    reportFail: (leaseId: number, body: LeaseFailBody) => send('reportFail', body, leaseId),
    // Blob reads carry the worker's token: private task inputs are served to their deal's workers only.
    ...blobCalls(base, fetchFn, call, (): Record<string, string> => (bearer ? { authorization: `Bearer ${bearer}` } : {})),
  };
}
