import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type RateLimits, type ServerTimeouts, type ServiceLimits, rateLimitMiddleware, resolveLimits } from '@proofgrid/sdk/api';
import type { SecretsContext } from './context.ts';
import { SecretsError } from './errors.ts';
import { createKeyRelease } from './keyRelease.ts';
import { createOwnerMessages } from './ownerMessages.ts';

/** The largest request body: every body here is a small signed JSON message. */
export const MAX_BODY_BYTES = 64 << 10;

/**
 * The secret service's HTTP routes (README.md lists them), behind a request rate per client
 * address (no request carries a bearer token here) and the body limit (decision 016).
 */
export function createRoutes(ctx: SecretsContext, limits: { rate: RateLimits; timeouts: ServerTimeouts } = resolveLimits()): Hono {
  const { o, db, log, verifiers } = ctx;
  const owner = createOwnerMessages(ctx);
  const requestKey = createKeyRelease(ctx);
  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof SecretsError) {
      log.info({ code: err.code, path: c.req.path }, 'refused');
      return c.json(err.toJSON(), err.status);
    }
    if (err instanceof SyntaxError) return c.json(new SecretsError('BodyInvalid', 'request body is not valid JSON', 400).toJSON(), 400);
    log.error({ err: String((err as Error).message) }, 'unhandled error');
    return c.json(new SecretsError('Internal', 'internal error (logged by the service)', 500).toJSON(), 500);
  });
  const rate: RateLimits = { ...limits.rate, worker: undefined };
  app.use('*', rateLimitMiddleware(rate, { addressOf: (c: Context) => getConnInfo(c).remote.address }));
  // Every body here is a small signed JSON message: refused past 64 KiB while it streams in, before it is buffered.
  const maxSize = MAX_BODY_BYTES;
  const tooLarge = new SecretsError('RequestTooLarge', `the request body exceeds the ${maxSize}-byte limit`, 413, { limit: maxSize });
  app.use('*', bodyLimit({ maxSize, onError: (c) => c.json(tooLarge.toJSON(), 413) }));
  app.notFound((c) => c.json(new SecretsError('RouteNotFound', `no route ${c.req.method} ${c.req.path}`, 404).toJSON(), 404));
  const report: ServiceLimits = { body: { json: maxSize }, rate, timeouts: limits.timeouts };
  const info = () => ({
    service: 'proofgrid-secrets',
    chainId: o.deployment.chainId,
    hub: o.deployment.hub,
    datasets: o.deployment.datasets,
    publicKey: ctx.publicKey,
    attestation: { accepted: [...verifiers.keys()], required: !!o.requireTee },
    secrets: (db.prepare('select count(*) n from secrets').get() as { n: number }).n,
    time: ctx.nowS(),
    limits: report,
  });
  app.get('/status', (c) => c.json(info()));
  app.get('/v1/info', (c) => c.json(info()));
  app.post('/v1/secrets', async (c) => c.json(await owner.push(await c.req.json()), 201));
  app.get('/v1/secrets/:dataset', (c) => {
    const s = ctx.secretOf(c.req.param('dataset'));
    const releases = (db.prepare('select count(*) n from releases where dataset = ?').get(s.dataset) as { n: number }).n;
    return c.json({
      dataset: s.dataset,
      owner: s.owner,
      keyHash: s.key_hash,
      revoked: !!s.revoked,
      restrictions: JSON.parse(s.restrictions),
      releases,
    });
  });
  app.get('/v1/secrets/:dataset/receipts', (c) => {
    const rows = db.prepare('select * from releases where dataset = ? order by id').all(c.req.param('dataset')) as Record<
      string,
      unknown
    >[];
    return c.json({
      receipts: rows.map((r) => ({
        dealId: r.deal_id,
        taskIndex: r.task_index,
        worker: r.worker,
        contentHash: r.content_hash,
        attestation: r.attestation,
        timestamp: r.at,
        message: r.message,
        signature: r.signature,
      })),
    });
  });
  app.post('/v1/secrets/:dataset/revoke', async (c) => c.json(await owner.revoke(c.req.param('dataset'), await c.req.json())));
  app.post('/v1/secrets/:dataset/restrict', async (c) => c.json(await owner.restrict(c.req.param('dataset'), await c.req.json())));
  app.post('/v1/keys/request', async (c) => c.json(await requestKey(await c.req.json())));
  return app;
}
