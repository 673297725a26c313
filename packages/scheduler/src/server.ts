import type { Hono } from 'hono';
import { Hono as HonoApp } from 'hono';
import { frame, unframe } from '@proofgrid/sdk/api';
import type { BlobStore } from './blobStore.ts';
import type { Db } from './db.ts';
import type { createEngine } from './engine.ts';
import { ServiceError } from './errors.ts';
import type { Metrics } from './metrics.ts';
import type { createOrderbook } from './matching/orderbook.ts';

export type ServerParts = {
  db: Db;
  blobs: BlobStore;
  orderbook: ReturnType<typeof createOrderbook>;
  engine: ReturnType<typeof createEngine>;
  metrics: Metrics;
  info: { chainId: number; hub: string; workerpool: string; scheduler: string; visibility: 'public' | 'private' };
  log: { error(obj: unknown, msg: string): void };
};

/**
 * The HTTP API: orderbook (/v1/orders, /v1/requests), deals, workers and leases, the content
 * store (/v1/blobs), /status and /metrics. Every error is `{ error: { code, message, details } }`.
 */
export function createServer(p: ServerParts): Hono {
  const app = new HonoApp();
  const started = Date.now();
  app.use('*', async (c, next) => {
    p.metrics.requests.inc();
    // Set before the handler: a header set on a finished response makes the node adapter build a
    // full web Response (a third of a heartbeat's cost, profiled under bench/scheduler.ts).
    c.header('access-control-allow-origin', '*');
    await next();
  });
  app.options('*', (c) => {
    c.header('access-control-allow-origin', '*');
    c.header('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
    c.header('access-control-allow-headers', 'content-type, authorization');
    return c.body(null, 204);
  });
  app.onError((err, c) => {
    if (err instanceof ServiceError) return c.json(err.toJSON(), err.status);
    if (err instanceof SyntaxError) return c.json({ error: { code: 'BodyInvalid', message: `request body is not valid JSON: ${err.message}`, details: {} } }, 400);
    p.log.error({ err: String(err), stack: (err as Error).stack }, 'unhandled error');
    return c.json({ error: { code: 'Internal', message: 'internal error (logged by the service)', details: {} } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'RouteNotFound', message: `no route ${c.req.method} ${c.req.path}`, details: {} } }, 404));
  const json = async (c: { req: { json(): Promise<unknown> } }) => c.req.json();
  const worker = (c: { req: { header(name: string): string | undefined } }) => p.engine.authenticate(c.req.header('authorization'));

  const status = () => {
    const count = (sql: string) => Object.fromEntries((p.db.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
    const workers = p.engine.workers();
    const online = workers.filter(p.engine.online).length;
    p.metrics.workersOnline.set(online);
    const deals = count('select status k, count(*) n from deals group by status');
    return {
      ...p.info,
      workers: { online, lost: workers.length - online },
      deals: { running: deals.running ?? 0, completed: deals.completed ?? 0, failed: deals.failed ?? 0 },
      tasks: count("select case status when 'pending' then 'pending' when 'finalized' then 'finalized' when 'claimed' then 'claimed' else 'running' end k, sum(count) n from batches group by k"),
      orders: count("select kind || ':' || status k, count(*) n from orders group by k"),
      uptimeS: Math.round((Date.now() - started) / 1000),
    };
  };
  app.get('/status', (c) => c.json(status()));
  app.get('/v1/status', (c) => c.json(status()));
  app.get('/metrics', async (c) => {
    status();
    return c.text(await p.metrics.registry.metrics(), 200, { 'content-type': p.metrics.registry.contentType });
  });

  app.post('/v1/orders', async (c) => {
    const r = await p.orderbook.publish(await json(c));
    p.metrics.orders.inc();
    return c.json(r, 201);
  });
  app.get('/v1/orders', (c) => c.json({ orders: p.orderbook.list(c.req.query()) }));
  app.get('/v1/orders/:hash', (c) => c.json(p.orderbook.view(p.orderbook.get(c.req.param('hash')))));
  app.post('/v1/orders/:hash/cancel', async (c) => c.json(await p.orderbook.cancel(c.req.param('hash'), await json(c))));
  app.get('/v1/requests/:hash', (c) => c.json(p.engine.requestStatus(c.req.param('hash'))));

  app.get('/v1/deals', (c) => {
    const requester = c.req.query('requester')?.toLowerCase();
    const rows = p.db.prepare(`select deal_id, status, requester, volume, trust, created_at, unmatched from deals ${requester ? 'where requester = ?' : ''} order by created_at desc limit 200`).all(...(requester ? [requester] : [])) as Record<string, unknown>[];
    return c.json({ deals: rows.map((r) => ({ dealId: r.deal_id, status: r.status, requester: r.requester, volume: r.volume, trust: r.trust, createdAt: r.created_at, unmatched: r.unmatched ?? undefined })) });
  });
  app.get('/v1/deals/:dealId', (c) => c.json(p.engine.dealView(c.req.param('dealId'))));

  app.get('/v1/workers', (c) =>
    c.json({
      workers: p.engine.workers().map((w) => ({
        address: w.address,
        name: w.name ?? undefined,
        resources: JSON.parse(w.resources),
        status: p.engine.online(w) ? 'online' : 'lost',
        lastSeen: w.last_seen,
        leases: (p.db.prepare("select count(*) n from leases where worker = ? and status in ('active','reported','contributed')").get(w.address) as { n: number }).n,
        done: w.done,
      })),
    }),
  );
  app.post('/v1/workers/register', async (c) => c.json(await p.engine.register(await json(c))));
  app.post('/v1/workers/heartbeat', async (c) => c.json(p.engine.heartbeat(worker(c), await c.req.json().catch(() => undefined))));
  app.post('/v1/leases/next', async (c) => c.json(await p.engine.nextLease(worker(c))));
  app.post('/v1/leases/:id/results', async (c) => c.json(p.engine.reportResults(worker(c), c.req.param('id'), await json(c))));
  app.post('/v1/leases/:id/done', async (c) => c.json(await p.engine.reportDone(worker(c), c.req.param('id'), await json(c))));
  app.post('/v1/leases/:id/fail', async (c) => c.json(p.engine.reportFail(worker(c), c.req.param('id'), await json(c))));

  const putBlob = async (c: { req: { arrayBuffer(): Promise<ArrayBuffer>; param(n: string): string | undefined } }, claimed?: string) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return p.blobs.put(bytes, claimed);
  };
  app.put('/v1/blobs', async (c) => c.json(await putBlob(c), 201));
  app.put('/v1/blobs/:hash', async (c) => c.json(await putBlob(c, c.req.param('hash')), 201));
  app.post('/v1/blobs/batch', async (c) => {
    let blobs: Uint8Array[];
    try {
      blobs = unframe(new Uint8Array(await c.req.arrayBuffer()));
    } catch (e) {
      throw new ServiceError('BlobBatchInvalid', `malformed blob batch: ${(e as Error).message}`, 400);
    }
    if (blobs.length > 10_000) throw new ServiceError('BlobBatchInvalid', `at most 10,000 blobs per batch, got ${blobs.length}`, 413);
    return c.json({ hashes: blobs.map((b) => p.blobs.put(b).hash) }, 201);
  });
  app.post('/v1/blobs/fetch', async (c) => {
    const body = (await c.req.json()) as { hashes?: unknown };
    if (!Array.isArray(body.hashes) || body.hashes.length > 10_000 || body.hashes.some((h) => typeof h !== 'string')) {
      throw new ServiceError('BlobBatchInvalid', 'expected { hashes: string[] } with at most 10,000 hashes', 400);
    }
    const blobs = (body.hashes as string[]).map((h) => p.blobs.get(h));
    return c.body(frame(blobs) as never, 200, { 'content-type': 'application/octet-stream' });
  });
  app.get('/v1/blobs/:hash', (c) => {
    const bytes = p.blobs.get(c.req.param('hash'));
    return c.body(new Uint8Array(bytes), 200, { 'content-type': 'application/octet-stream', 'cache-control': 'public, max-age=31536000, immutable' });
  });
  app.on('HEAD', '/v1/blobs/:hash', (c) => (p.blobs.has(c.req.param('hash')) ? c.body(null, 200) : c.body(null, 404)));
  return app;
}
