// GET /status (JSON: the verifier's address, its settings, its counters and the last 1,000 answers it saw) and GET /metrics
// (Prometheus text from prom-client, read from the store at scrape time).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Store } from './store.ts';

export type StatusInfo = { address: string; fraction: number; blobs: string; hub: string };

function metricsOf(store: Store) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'proofgrid_verifier_' }); // the process: memory, CPU, event loop lag
  const gauge = (name: string, help: string, read: (c: ReturnType<Store['counts']>) => number) =>
    new Gauge({
      name: `proofgrid_verifier_${name}`,
      help,
      registers: [registry],
      collect() {
        this.set(read(store.counts()));
      },
    });
  gauge('answers_seen', 'optimistic answers seen (checked or not)', (c) => c.seen);
  gauge('checked', 'answers re-executed on the provable machine', (c) => c.checked);
  gauge('agreed', 'checked answers whose claim is the verifier’s', (c) => c.agreed);
  gauge('skipped', 'answers not picked by the keyed spot-check', (c) => c.skipped);
  gauge('unverifiable', 'picked answers the verifier cannot re-execute', (c) => c.unverifiable);
  gauge('challenged', 'answers challenged or refuted', (c) => c.challenged);
  gauge('refuted', 'answers overturned by their end binding, without a game', (c) => c.refuted);
  gauge('demanded', 'start demands open (a start root only the answerer can open)', (c) => c.demanded);
  gauge('won', 'answers overturned by the verifier (games won, refutations, expired start demands)', (c) => c.won);
  gauge('lost', 'games lost', (c) => c.lost);
  gauge('gas_spent', 'gas of every transaction the verifier sent (challenges, moves, resolutions)', (c) => Number(c.gasSpent));
  return registry;
}

/** Serves /status and /metrics on host:port (0: any free port); resolves once listening. */
export async function serveHttp(
  store: Store,
  info: StatusInfo,
  o: { host: string; port: number },
): Promise<{ server: Server; port: number }> {
  const registry = metricsOf(store);
  const server = createServer(async (req, res) => {
    try {
      if (req.method === 'GET' && req.url === '/status') {
        const counts = store.counts();
        const tasks = store.all().map((t) => ({
          taskId: t.task_id,
          dealId: t.deal_id,
          index: t.idx,
          answerer: t.answerer,
          state: t.state,
          detail: t.detail ?? undefined,
          game: t.game_id ?? undefined,
          moves: t.moves,
          resolved: t.resolved === 1,
          finalized: t.finalized === 1,
          gas: t.gas,
        }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...info, ...counts, gasSpent: counts.gasSpent.toString(), tasks }));
      } else if (req.method === 'GET' && req.url === '/metrics') {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(await registry.metrics());
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'RouteNotFound', message: `no route ${req.method} ${req.url}` } }));
      }
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Internal', message: (err as Error).message } }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, resolve);
  });
  return { server, port: (server.address() as AddressInfo).port };
}
