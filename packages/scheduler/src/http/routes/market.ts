import type { Hono } from 'hono';
import { zCancelOrder, zPublishOrder } from '@proofgrid/sdk/api';
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
  app.get('/v1/requests/:hash', (c) => c.json(p.engine.views.requestStatus(c.req.param('hash'))));
  app.get('/v1/deals', (c) => c.json({ deals: p.engine.views.deals(c.req.query('requester')) }));
  app.get('/v1/deals/:dealId', (c) =>
    c.body(p.engine.views.dealJson(c.req.param('dealId'), { withTasks: c.req.query('tasks') !== 'none' }) as never, 200, {
      'content-type': 'application/json',
    }),
  );
}
