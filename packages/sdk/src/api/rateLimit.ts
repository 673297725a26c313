import { ServiceError } from '../errors/ServiceError.ts';
import type { RateLimits, RateRule } from './limits.ts';

// The token buckets both services rate-limit requests with (decision 016), and the middleware
// around them (structurally typed: a Hono context fits), given the client's socket address.

export type RateVerdict = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Token buckets keyed by client, in bounded memory: a bucket that has refilled is dropped (it is the
 * same as no bucket), and past `maxKeys` the least recently seen client is forgotten.
 * @example
 * const limiter = createRateLimiter({ perSecond: 50, burst: 200 }, 10_000);
 * const v = limiter.take(`worker:${address}`);
 * if (!v.ok) refuse(429, v.retryAfterMs);
 */
export function createRateLimiter(rule: RateRule, maxKeys: number) {
  const perMs = rule.perSecond / 1000;
  // Map order is recency: a bucket is moved to the end each time it is used.
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refilled = (b: { tokens: number; at: number }, now: number) => Math.min(rule.burst, b.tokens + (now - b.at) * perMs);
  /** Drops the oldest buckets that have refilled (at most `n` looked at), then any past the cap. */
  function sweep(now: number, n: number) {
    for (const [key, b] of buckets) {
      if (n-- <= 0 || refilled(b, now) < rule.burst) break;
      buckets.delete(key);
    }
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  }
  return {
    rule,
    /** Takes one token from `key`'s bucket: `{ ok: false, retryAfterMs }` when it is empty. */
    take(key: string, now = Date.now()): RateVerdict {
      if (rule.burst <= 0) return { ok: true };
      const b = buckets.get(key);
      if (!b) {
        sweep(now, 8);
        buckets.set(key, { tokens: rule.burst - 1, at: now });
        return { ok: true };
      }
      b.tokens = refilled(b, now);
      b.at = now;
      buckets.delete(key);
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: perMs > 0 ? Math.ceil((1 - b.tokens) / perMs) : 60_000 };
    },
    /** How many clients are tracked. */
    size: () => buckets.size,
  };
}

/**
 * The key a client's address is limited under: IPv4 as is (also when written as IPv6-mapped), IPv6
 * by its /64 (one host usually holds a whole /64). `loopback` says whether it is this machine.
 */
export function clientKeyOf(address: string | undefined): { key: string; loopback: boolean } {
  const a = (address ?? 'unknown').toLowerCase();
  const v4 = a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
  if (!v4.includes(':')) return { key: `ip:${v4}`, loopback: v4.startsWith('127.') };
  if (v4 === '::1') return { key: 'ip:::1', loopback: true };
  const [head = '', tail = ''] = v4.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = v4.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return {
    key: `ip:${groups
      .slice(0, 4)
      .map((g) => g.replace(/^0+(?=.)/, ''))
      .join(':')}::/64`,
    loopback: false,
  };
}

/** The 429 answer's details (`RateLimited`): the rule that refused, and when to come back. */
export function rateLimitedDetails(rule: RateRule, scope: 'worker' | 'ip', retryAfterMs: number) {
  return { limit: rule.perSecond, windowMs: 1000, burst: rule.burst, scope, retryAfterMs };
}

type Ctx = {
  req: { header(name: string): string | undefined };
  header(name: string, value: string): void;
  json(body: unknown, status: 429): Response;
};

/**
 * Request rate per worker and per client, counted before the body is read: a request with the
 * bearer token of a registered worker (`workerOf` answers its address) counts against that worker,
 * any other against its client's address (`addressOf`, from the socket, never X-Forwarded-For).
 * Over the limit: 429 `RateLimited` with `retry-after` (seconds) and
 * `{ limit, windowMs, burst, scope, retryAfterMs }`. A long poll is one request, counted once.
 * @example
 * app.use('*', rateLimitMiddleware(limits.rate, { addressOf: (c) => getConnInfo(c).remote.address }));
 */
export function rateLimitMiddleware<C extends Ctx>(
  limits: RateLimits,
  o: {
    addressOf: (c: C) => string | undefined;
    workerOf?: (authorization: string) => string | undefined;
    onRefused?: (scope: 'worker' | 'ip') => void;
  },
) {
  const workers = limits.worker && o.workerOf ? createRateLimiter(limits.worker, limits.maxKeys) : undefined;
  const ips = createRateLimiter(limits.ip, limits.maxKeys);
  const addressOf = (c: C) => {
    try {
      return o.addressOf(c);
    } catch {
      return undefined; // off a socket (an in-process request)
    }
  };
  return async (c: C, next: () => Promise<void>): Promise<Response | undefined> => {
    const authorization = workers ? c.req.header('authorization') : undefined;
    const worker = authorization ? o.workerOf?.(authorization) : undefined;
    let scope: 'worker' | 'ip' = 'worker';
    let verdict = worker && workers ? workers.take(`worker:${worker.toLowerCase()}`) : undefined;
    if (!verdict) {
      scope = 'ip';
      const client = clientKeyOf(addressOf(c));
      if (client.loopback && !limits.loopback) return next() as Promise<undefined>;
      verdict = ips.take(client.key);
    }
    if (verdict.ok) return next() as Promise<undefined>;
    const rule = scope === 'worker' && limits.worker ? limits.worker : limits.ip;
    o.onRefused?.(scope);
    const who = scope === 'worker' ? 'worker' : 'client address';
    const err = new ServiceError(
      'RateLimited',
      `too many requests from this ${who}: ${rule.perSecond}/s, bursts of ${rule.burst}; retry in ${verdict.retryAfterMs} ms`,
      429,
      rateLimitedDetails(rule, scope, verdict.retryAfterMs),
    );
    c.header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
    return c.json(err.toJSON(), 429);
  };
}
