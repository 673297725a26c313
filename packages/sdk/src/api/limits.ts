import { z } from 'zod';

// Request limits of the Proofgrid services (decision 016): what `GET /v1/info` reports under
// `limits`, the token buckets both services rate-limit with, and their slow-client timeouts.

/** A token bucket: `perSecond` requests a second on average, `burst` at once (0 turns it off). */
export type RateRule = { perSecond: number; burst: number };
export type RateLimits = {
  /** Requests with a bearer token of a registered worker count against that worker. */
  worker?: RateRule;
  /** Every other request counts against its client's address (from the socket; an IPv6 client by its /64). */
  ip: RateRule;
  /** Whether loopback clients are limited per address too (off by default: every local process shares 127.0.0.1). */
  loopback: boolean;
  /** The most clients tracked at once; past it the longest idle one is forgotten. */
  maxKeys: number;
};
/** The Node HTTP server's timeouts for slow clients, in ms (`idleMs`: a socket with no traffic either way). */
export type ServerTimeouts = { headersMs: number; requestMs: number; keepAliveMs: number; idleMs: number };

/** Defaults: far above what a worker, the test suite or the benchmarks send (decision 016). */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  worker: { perSecond: 50, burst: 200 },
  ip: { perSecond: 200, burst: 1000 },
  loopback: false,
  maxKeys: 100_000,
};
/** Headers within 10 s; a whole request within 120 s (a 30 s long poll, or 64 MiB at ~0.6 MiB/s); idle sockets closed after 60 s. */
export const DEFAULT_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 120_000, keepAliveMs: 5_000, idleMs: 60_000 };

/** What an operator sets; anything left out keeps its default. */
export type LimitOptions = {
  rate?: { worker?: Partial<RateRule>; ip?: Partial<RateRule>; loopback?: boolean; maxKeys?: number };
  timeouts?: Partial<ServerTimeouts>;
};
/** A service's rates and timeouts: the defaults, with what the operator set. */
export function resolveLimits(o: LimitOptions = {}): { rate: RateLimits & { worker: RateRule }; timeouts: ServerTimeouts } {
  const d = DEFAULT_RATE_LIMITS;
  return {
    rate: {
      worker: { ...(d.worker as RateRule), ...defined(o.rate?.worker) },
      ip: { ...d.ip, ...defined(o.rate?.ip) },
      loopback: o.rate?.loopback ?? d.loopback,
      maxKeys: o.rate?.maxKeys ?? d.maxKeys,
    },
    timeouts: { ...DEFAULT_TIMEOUTS, ...defined(o.timeouts) },
  };
}
const defined = <T extends object>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

const flag = { type: 'string' } as const;
/** The limit flags both services take (`node:util` parseArgs options); `limitOptionsOf` reads them. */
export const LIMIT_FLAGS = {
  'ip-rate': flag,
  'ip-burst': flag,
  'limit-loopback': { type: 'boolean' },
  'max-clients': flag,
  'headers-timeout': flag,
  'request-timeout': flag,
  'keep-alive-timeout': flag,
  'idle-timeout': flag,
} as const;
/** The scheduler's further flags: the rate of each registered worker. */
export const WORKER_LIMIT_FLAGS = { 'worker-rate': flag, 'worker-burst': flag } as const;
export const LIMIT_FLAGS_HELP = `[--ip-rate n/s (200)] [--ip-burst n (1000)] [--limit-loopback (limit loopback clients per address too)] [--max-clients n (100000)]
  [--headers-timeout ms (10000)] [--request-timeout ms (120000)] [--keep-alive-timeout ms (5000)] [--idle-timeout ms (60000)]`;

/** The limits set by the flags of `LIMIT_FLAGS` (and `WORKER_LIMIT_FLAGS`); a value that is not a number stops the service. */
export function limitOptionsOf(v: Record<string, string | boolean | undefined>): LimitOptions {
  const n = (name: string) => {
    const raw = v[name];
    if (raw === undefined || typeof raw === 'boolean') return undefined;
    const x = Number(raw);
    if (!Number.isFinite(x) || x < 0) throw new Error(`--${name}: expected a number >= 0, got ${raw}`);
    return x;
  };
  return {
    rate: {
      worker: { perSecond: n('worker-rate'), burst: n('worker-burst') },
      ip: { perSecond: n('ip-rate'), burst: n('ip-burst') },
      loopback: v['limit-loopback'] === true ? true : undefined,
      maxKeys: n('max-clients'),
    },
    timeouts: {
      headersMs: n('headers-timeout'),
      requestMs: n('request-timeout'),
      keepAliveMs: n('keep-alive-timeout'),
      idleMs: n('idle-timeout'),
    },
  };
}

const zMs = z.number().int().nonnegative();
const zRule = z.object({ perSecond: z.number().nonnegative(), burst: z.number().int().nonnegative() });
/** The `limits` object of a service's `GET /v1/info`. */
export const zServiceLimits = z.object({
  /** The largest request body per route kind, bytes. */
  body: z.record(z.string(), z.number().int().positive()),
  /** The content store: largest blob, largest fetch answer, blobs per batch and hashes per fetch. */
  blobs: z.object({ maxBytes: zMs, fetchMaxBytes: zMs, batchMaxBlobs: zMs, fetchMaxHashes: zMs }).optional(),
  rate: z.object({ worker: zRule.optional(), ip: zRule, loopback: z.boolean(), maxKeys: z.number().int().positive() }),
  timeouts: z.object({ headersMs: zMs, requestMs: zMs, keepAliveMs: zMs, idleMs: zMs }),
  /** The longest a lease request may be held open (`waitMs` of `POST /v1/leases/next`). */
  longPollMaxMs: zMs.optional(),
});
export type ServiceLimits = z.output<typeof zServiceLimits>;

/** The scheduler's `GET /v1/info`: who it is and the limits it enforces. */
export const zMarketInfo = z.object({
  chainId: z.number().int(),
  hub: z.string(),
  workerpool: z.string(),
  scheduler: z.string(),
  visibility: z.enum(['public', 'private']),
  limits: zServiceLimits,
});
export type MarketInfo = z.output<typeof zMarketInfo>;

/** Sets the slow-client timeouts on a Node HTTP(S) server (the checking interval is a creation option: `serverTimeoutOptions`). */
export function applyServerTimeouts(
  server: { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number; setTimeout(ms: number): unknown },
  t: ServerTimeouts,
) {
  server.headersTimeout = t.headersMs;
  server.requestTimeout = t.requestMs;
  server.keepAliveTimeout = t.keepAliveMs;
  server.setTimeout(t.idleMs);
}

/** Options for `http.createServer`: the timeouts, and how often they are checked (Node's default is 30 s). */
export function serverTimeoutOptions(t: ServerTimeouts) {
  return {
    headersTimeout: t.headersMs,
    requestTimeout: t.requestMs,
    keepAliveTimeout: t.keepAliveMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(t.headersMs || 1000, t.requestMs || 1000) / 4))),
  };
}
