import type { Hono } from 'hono';
import {
  zChallengeRequest,
  zHeartbeat,
  zLeaseDone,
  zLeaseFail,
  zLeaseResult,
  zNextLeaseRequest,
  zRegisterWorker,
} from '@proofgrid/sdk/protocol';
import type { Engine } from '../../engine/index.ts';
import { bodyOf } from '../body.ts';

/** Workers and their leases (the worker protocol, @proofgrid/sdk/protocol). */
export function workerRoutes(app: Hono, engine: Engine) {
  const worker = (c: { req: { header(name: string): string | undefined } }) => engine.authenticate(c.req.header('authorization'));
  app.get('/v1/workers', (c) => c.json({ workers: engine.views.workers() }));
  // A one-time nonce to sign for the registration (docs/decisions/014).
  app.post('/v1/workers/challenge', async (c) => {
    await bodyOf(c, zChallengeRequest, 'RegistrationInvalid', 'malformed challenge request');
    return c.json(engine.challenge());
  });
  app.post('/v1/workers/register', async (c) =>
    c.json(await engine.register(await bodyOf(c, zRegisterWorker, 'RegistrationInvalid', 'malformed registration'))),
  );
  app.post('/v1/workers/heartbeat', async (c) => {
    const w = worker(c);
    const { leases } = await bodyOf(c, zHeartbeat, 'HeartbeatInvalid', 'malformed heartbeat');
    return c.json(engine.heartbeat(w, leases));
  });
  app.post('/v1/leases/next', async (c) => {
    const w = worker(c);
    const { waitMs } = await bodyOf(c, zNextLeaseRequest, 'LeaseRequestInvalid', 'malformed lease request');
    return c.json(await engine.nextLease(w, waitMs));
  });
  app.post('/v1/leases/:id/results', async (c) => {
    const w = worker(c);
    return c.json(
      engine.reportResults(w, c.req.param('id'), await bodyOf(c, zLeaseResult, 'LeaseResultInvalid', 'malformed result report')),
    );
  });
  app.post('/v1/leases/:id/done', async (c) => {
    const w = worker(c);
    return c.json(await engine.reportDone(w, c.req.param('id'), await bodyOf(c, zLeaseDone, 'LeaseDoneInvalid', 'malformed done report')));
  });
  app.post('/v1/leases/:id/fail', async (c) => {
    const w = worker(c);
    return c.json(engine.reportFail(w, c.req.param('id'), await bodyOf(c, zLeaseFail, 'LeaseFailInvalid', 'malformed failure report')));
  });
}
