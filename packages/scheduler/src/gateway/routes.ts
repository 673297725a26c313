// The gateway's routes (decision 029, docs/protocol.md "Services"), mounted by the scheduler and by the
// standalone gateway (main.ts):
//   GET  /v1/svc/:id             the lease's terms and its live endpoints (signed records) with their health
//   POST /v1/svc/:id/endpoints   publish a signed endpoint record (the provider's key, verified here)
//   POST /v1/svc/:id/call        a call: the request as the body, the client's receipt in x-proofgrid-receipt
// `:id` is the lease id or `svc:<lease id>`.
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type ProofgridClient, RECEIPT_HEADER, parseEndpointRecord, parseServiceId, serviceIdOf, toWire } from '@proofgrid/sdk';
import { ServiceError } from '@proofgrid/sdk/errors';
import { type ServiceDirectory, createServiceDirectory } from './directory.ts';
import { forwardCall } from './forward.ts';

export type GatewayOptions = {
  client: ProofgridClient;
  directory?: ServiceDirectory;
  callTimeoutMs?: number;
  /** The largest request a standalone gateway takes (default 1 MiB; a scheduler applies its own body limits). */
  maxRequestBytes?: number;
};

const fail = (c: Context, err: unknown) => {
  const e = err as { code?: string; message?: string; details?: Record<string, unknown> };
  const typed =
    err instanceof ServiceError ? err : new ServiceError(e.code ?? 'Internal', e.message ?? String(err), undefined, e.details ?? {}, 500);
  return c.json(typed.toJSON(), typed.status as 400);
};

const leaseIdOf = (c: Context) => {
  try {
    return parseServiceId(decodeURIComponent(c.req.param('id') ?? ''));
  } catch (err) {
    throw new ServiceError('ServiceIdInvalid', (err as Error).message);
  }
};

/** Adds the gateway's routes to `app` and returns the directory they share. */
export function gatewayRoutes(app: Hono, o: GatewayOptions): ServiceDirectory {
  const directory = o.directory ?? createServiceDirectory(o.client);

  app.get('/v1/svc/:id', async (c) => {
    try {
      const entry = await directory.get(leaseIdOf(c));
      const { lease } = entry;
      return c.json({
        serviceId: serviceIdOf(lease.leaseId),
        leaseId: lease.leaseId.toString(),
        provider: lease.provider,
        pricePerCall: lease.pricePerCall.toString(),
        app: lease.app.toString(),
        workerpool: lease.workerpool.toString(),
        closed: lease.closed,
        sla: { latencyMs: lease.latencyMs, availabilityBps: lease.availabilityBps },
        endpoints: directory.ranked(entry).map((r) => ({ ...toWire(r), health: directory.healthOf(entry, r.endpoint) })),
      });
    } catch (err) {
      return fail(c, err);
    }
  });

  app.post('/v1/svc/:id/endpoints', async (c) => {
    try {
      const leaseId = leaseIdOf(c);
      let record: ReturnType<typeof parseEndpointRecord>;
      try {
        record = parseEndpointRecord(await c.req.json());
      } catch (err) {
        throw new ServiceError('EndpointRecordInvalid', (err as Error).message);
      }
      if (record.leaseId !== leaseId)
        throw new ServiceError('EndpointRecordInvalid', `the record is for lease ${record.leaseId}, not ${leaseId}`);
      await directory.publish(record);
      return c.json({ accepted: true, endpoint: record.endpoint, sequence: record.sequence.toString(), drained: record.expiry === 0n });
    } catch (err) {
      return fail(c, err);
    }
  });

  app.post('/v1/svc/:id/call', async (c) => {
    try {
      const entry = await directory.get(leaseIdOf(c));
      if (entry.lease.closed) throw new ServiceError('ServiceClosed', `svc:${entry.lease.leaseId} is closed`);
      const body = new Uint8Array(await c.req.arrayBuffer());
      const out = await forwardCall(directory, entry, { body, receiptHeader: c.req.header(RECEIPT_HEADER), timeoutMs: o.callTimeoutMs });
      return c.body(out.body as never, out.status as 200, out.headers);
    } catch (err) {
      return fail(c, err);
    }
  });
  return directory;
}

/** A Hono app with only the gateway's routes (the standalone gateway, tests). */
export function createGateway(o: GatewayOptions): { app: Hono; directory: ServiceDirectory } {
  const app = new Hono();
  const maxSize = o.maxRequestBytes ?? 1 << 20;
  const tooLarge = (c: Context) =>
    c.json(new ServiceError('RequestTooLarge', `the request body exceeds ${maxSize} bytes`, 413, { limit: maxSize }).toJSON(), 413);
  app.use('/v1/svc/*', bodyLimit({ maxSize, onError: tooLarge }));
  const directory = gatewayRoutes(app, o);
  app.notFound((c) => c.json(new ServiceError('ServiceRouteNotFound', `no route ${c.req.method} ${c.req.path}`, 404).toJSON(), 404));
  return { app, directory };
}
