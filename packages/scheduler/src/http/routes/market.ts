import type { Context, Hono } from 'hono';
import { MAX_VIEW_WAIT_MS, dealProgressKey, requestProgressKey, zCancelOrder, zPublishOrder } from '@proofgrid/sdk/api';
import type { Engine } from '../../engine/index.ts';
import type { createOrderbook } from '../../matching/orderbook.ts';
import type { Metrics } from '../../metrics.ts';
import { bodyOf } from '../body.ts';

/** The market: orders, requests, deals, /status and /metrics. */
export function marketRoutes(
  app: Hono,
  p: { engine: Engine; orderbook: ReturnType<typeof createOrderbook>; metrics: Metrics; info: Record<string, unknown> },
) {
  const started = Date.now();
  const status = () => {
    const s = p.engine.views.status(p.info, started);
    p.metrics.workersOnline.set(s.workers.online);
    return s;
  };
  app.get('/status', (c) => c.json(status()));
  app.get('/v1/status', (c) => c.json(status()));
  app.get('/metrics', async (c) => {
    status();
    return c.text(await p.metrics.registry.metrics(), 200, { 'content-type': p.metrics.registry.contentType });
  });

  app.post('/v1/orders', async (c) => {
    const r = await p.orderbook.publish(await bodyOf(c, zPublishOrder, 'OrderInvalid', 'malformed order'));
    p.metrics.orders.inc();
    // A new order may complete a match: the engine looks now rather than at its next tick.
    p.engine.wake();
    return c.json(r, 201);
  });
  app.get('/v1/orders', (c) => c.json({ orders: p.orderbook.list(c.req.query()) }));
  app.get('/v1/orders/:hash', (c) => c.json(p.orderbook.view(p.orderbook.get(c.req.param('hash')))));
  app.post('/v1/orders/:hash/cancel', async (c) => {
    const { signature } = await bodyOf(c, zCancelOrder, 'CancelInvalid', 'malformed cancel');
    return c.json(await p.orderbook.cancel(c.req.param('hash'), signature));
  });
  // Long polls (decision 021): with `since` (the view's progress key the client saw) and `waitMs`,
  // answered when the view differs, or after waitMs (at most MAX_VIEW_WAIT_MS).
  const waitOf = (c: Context) => Math.max(0, Math.min(MAX_VIEW_WAIT_MS, Number(c.req.query('waitMs')) || 0));
  app.get('/v1/requests/:hash', async (c) => {
    const read = () => p.engine.views.requestStatus(c.req.param('hash'));
    return c.json(await p.engine.watch(read, requestProgressKey, c.req.query('since'), waitOf(c)));
  });
  app.get('/v1/requests/:hash/explain', async (c) => c.json(await p.engine.explain(c.req.param('hash'))));
  app.get('/v1/deals', (c) => c.json({ deals: p.engine.views.deals(c.req.query('requester')) }));
  app.get('/v1/deals/:dealId', async (c) => {
    const withTasks = c.req.query('tasks') !== 'none';
    const read = () => p.engine.views.dealJson(c.req.param('dealId'), { withTasks });
    // Only the summary is long-polled: its key is read back from its (small) JSON.
    const since = withTasks ? undefined : c.req.query('since');
    const keyOf = (json: Buffer) => dealProgressKey(JSON.parse(json.toString('utf8')));
    const json = await p.engine.watch(read, keyOf, since, waitOf(c));
    return c.body(json as never, 200, { 'content-type': 'application/json' });
  });
}
