import { type Context, Hono, type MiddlewareHandler, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { BlobStore } from '../blobStore.ts';
import type { Engine } from '../engine/index.ts';
import { ServiceError } from '../errors.ts';
import type { createOrderbook } from '../matching/orderbook.ts';
import type { Metrics } from '../metrics.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import { rateLimitMiddleware, resolveLimits } from '@proofgrid/sdk/api';
import { LONG_POLL_MAX_MS, MAX_JSON_BYTES, type SchedulerLimits, limitsReport } from './limits.ts';
import { blobRoutes, maxFetchBytesOf } from './routes/blobs.ts';
import { marketRoutes } from './routes/market.ts';
import { workerRoutes } from './routes/workers.ts';

export type ServerParts = {
  blobs: BlobStore;
  orderbook: ReturnType<typeof createOrderbook>;
  engine: Engine;
  metrics: Metrics;
  info: { chainId: number; hub: string; workerpool: string; scheduler: string; visibility: 'public' | 'private' };
  log: { error(obj: unknown, msg: string): void; warn?(obj: unknown, msg: string): void };
  /** Request rates and timeouts (decision 016); the defaults when not given. */
  limits?: SchedulerLimits;
};
export { LONG_POLL_MAX_MS, MAX_JSON_BYTES };

/**
 * The HTTP API, routes only: orderbook (/v1/orders, /v1/requests), deals, workers and leases, the
 * content store (/v1/blobs), /v1/info (with the limits), /status and /metrics. Every error is
 * `{ error: { code, message, details } }`; every request is counted against its worker's or client's rate first.
 */
export function createServer(p: ServerParts): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    p.metrics.requests.inc();
    // Set before the handler: a header set on a finished response makes the node adapter build a
    // full web Response (a third of a heartbeat's cost, profiled under bench/scheduler.ts).
    c.header('access-control-allow-origin', '*');
    await next();
  });
  const limits = p.limits ?? resolveLimits();
  const refusals = refusalLog(p.log);
  // Counted before the body is read: a flood is refused before it costs a buffer.
  const workerOf = (authorization: string | undefined) => {
    try {
      return p.engine.authenticate(authorization).address;
    } catch {
      return undefined;
    }
  };
  app.use(
    '*',
    rateLimitMiddleware(limits.rate, {
      addressOf: (c: Context) => getConnInfo(c).remote.address,
      workerOf,
      onRefused: (scope) => {
        p.metrics.rateLimited.inc({ scope });
        refusals.note(scope);
      },
    }),
  );
  app.use('*', bodyLimits(p.blobs.maxBytes));
  app.options('*', (c) => {
    c.header('access-control-allow-origin', '*');
    c.header('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
    c.header('access-control-allow-headers', 'content-type, authorization, x-proofgrid-private');
    return c.body(null, 204);
  });
  app.onError((err, c) => {
    if (err instanceof ServiceError) return c.json(err.toJSON(), err.status as 400);
    if (err instanceof SyntaxError)
      return c.json({ error: { code: 'BodyInvalid', message: `request body is not valid JSON: ${err.message}`, details: {} } }, 400);
    p.log.error({ err: String(err), stack: (err as Error).stack }, 'unhandled error');
    return c.json({ error: { code: 'Internal', message: 'internal error (logged by the service)', details: {} } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'RouteNotFound', message: `no route ${c.req.method} ${c.req.path}`, details: {} } }, 404));
  const report = limitsReport(p.blobs.maxBytes, maxFetchBytesOf(p.blobs), limits);
  app.get('/v1/info', (c) => c.json({ ...p.info, limits: report }));
  marketRoutes(app, p);
  workerRoutes(app, p.engine);
  blobRoutes(app, p.blobs, { readerOf: p.engine.blobReaderOf });
  return app;
}

/**
 * Body limits per route, enforced while the body streams in (from Content-Length when sent,
 * else as it arrives), so an oversized body is refused before it is buffered: blobs up to the
 * store's limit, a blob batch up to twice that, JSON bodies up to MAX_JSON_BYTES.
 */
export function bodyLimits(maxBlobBytes: number): MiddlewareHandler {
  const refuse = (c: Context, code: string, maxSize: number) =>
    c.json(new ServiceError(code, `the request body exceeds this route's ${maxSize}-byte limit`, 413, { limit: maxSize }).toJSON(), 413);
  const limit = (code: string, maxSize: number) => {
    const streamed = bodyLimit({ maxSize, onError: (c) => refuse(c, code, maxSize) });
    return (c: Context, next: Next) => {
      // A declared length is enforced by Node's parser (no more bytes are read as this body), so it
      // is checked from the header alone. hono's bodyLimit would build a full web Request to read
      // it (a third of a heartbeat's cost); it counts only bodies sent without a length.
      const declared = c.req.header('content-length');
      if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
        const n = Number(declared);
        return Number.isSafeInteger(n) && n >= 0 && n <= maxSize ? next() : refuse(c, code, maxSize);
      }
      return streamed(c, next);
    };
  };
  const [blob, batch, json] = [
    limit('BlobTooLarge', maxBlobBytes),
    limit('BlobTooLarge', 2 * maxBlobBytes),
    limit('RequestTooLarge', MAX_JSON_BYTES),
  ];
  return (c, next) => {
    const m = c.req.method;
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return next();
    const path = c.req.path;
    if (path === '/v1/blobs/batch') return batch(c, next);
    return path.startsWith('/v1/blobs') && path !== '/v1/blobs/fetch' ? blob(c, next) : json(c, next);
  };
}

/** Refusals logged at most once per 10 s (with how many since), so a flood does not flood the log too. */
function refusalLog(log: ServerParts['log']) {
  let last = 0;
  let since = 0;
  return {
    note(scope: 'worker' | 'ip') {
      since++;
      if (Date.now() - last < 10_000) return;
      log.warn?.({ scope, refused: since }, 'requests refused: rate limited (429 RateLimited)');
      last = Date.now();
      since = 0;
    },
  };
}
