// The verifier's loop: scan the hub's logs, check the picked answers, challenge the wrong ones, play every open game
// (each in the background, resumed after a restart or an error), settle the finished ones.
import { createProofgridClient } from '@proofgrid/sdk';
import { privateKeyToAccount } from 'viem/accounts';
import { createBatchWatch, dealViewFetcher } from './batchWatch.ts';
import { type Challenger, createChallenger, type Log } from './challenger.ts';
import type { VerifierConfig } from './config.ts';
import { serveHttp } from './http.ts';
import { blobFetcher, createReexecutor } from './reexecute.ts';
import { openStore, type TaskRow } from './store.ts';
import { scanOnce } from './watcher.ts';

/** One JSON line per event on stdout. */
export const jsonLog: Log = (level, message, fields = {}) =>
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), level, msg: message, ...fields })}\n`);

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Starts the verifier: its HTTP server and its loop. `stop()` ends both (games are resumed at the next start). */
export async function startVerifier(config: VerifierConfig, log: Log = jsonLog) {
  const account = privateKeyToAccount(config.key);
  const client = createProofgridClient({ deployment: config.deployment, account });
  const store = openStore(config.dbPath);
  const reexecutor = createReexecutor({ client, fetchBlob: blobFetcher(config.blobsUrl), maxSteps: config.maxSteps });
  const challenger: Challenger = createChallenger({ client, store, reexecutor, log, pollMs: Math.min(config.pollMs, 200) });
  const info = { address: account.address, fraction: config.fraction, blobs: config.blobsUrl, hub: config.deployment.hub };
  const { server, port } = await serveHttp(store, info, { host: config.host, port: config.port });
  const abort = new AbortController();
  const games = new Map<string, Promise<void>>();
  // Finalized replicated batches of disputable deals (decision 030): leaves and pre-images from the deal's scheduler,
  // the same url as the content store's. A batch game is played inside the scan (the loop waits for it).
  const batchWatch = createBatchWatch({
    client,
    secret: config.secret,
    fraction: config.fraction,
    honestRun: reexecutor.run,
    dealView: dealViewFetcher(config.blobsUrl),
    log,
    fromBlock: config.fromBlock,
    signal: abort.signal,
    pollMs: Math.min(config.pollMs, 200),
  });

  /** The last failure logged per task: the same failure again (retried every cycle) is not logged again. */
  const failures = new Map<string, string>();
  const guarded = async (what: string, row: TaskRow, f: () => Promise<void>) => {
    try {
      await f();
      failures.delete(row.task_id);
    } catch (err) {
      const e = err as Error & { code?: string };
      const line = `${what}: ${e.code ?? ''} ${e.message}`;
      if (failures.get(row.task_id) === line) return;
      failures.set(row.task_id, line);
      log('error', `${what} failed, retried every cycle`, { task: row.task_id, code: e.code, error: e.message });
    }
  };

  async function tick() {
    await scanOnce({ client, store, secret: config.secret, fraction: config.fraction, fromBlock: config.fromBlock });
    await batchWatch.scan();
    // a wrong answer is challenged as soon as it is found (its window runs), before the next check
    for (const row of store.inState('mismatch')) await guarded('challenge', row, () => challenger.open(row));
    for (const row of store.inState('pending')) {
      if (abort.signal.aborted) return;
      await guarded('check', row, () => challenger.check(row));
      const checked = store.task(row.task_id)!;
      if (checked.state === 'mismatch') await guarded('challenge', checked, () => challenger.open(checked));
    }
    for (const row of store.inState('challenged')) {
      if (games.has(row.task_id)) continue;
      const game = guarded('game', row, () => challenger.play(row, abort.signal)).finally(() => games.delete(row.task_id));
      games.set(row.task_id, game);
    }
    for (const row of store.inState('demanded')) await guarded('start demand', row, () => challenger.followDemand(row));
    for (const row of store.inState('won', 'lost')) if (!row.finalized) await guarded('settle', row, () => challenger.settle(row));
  }

  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        await tick();
      } catch (err) {
        log('error', 'verifier cycle failed', { error: (err as Error).message });
      }
      await sleep(config.pollMs, abort.signal);
    }
  })();

  log('info', 'verifier started', { ...info, port, fraction: config.fraction });
  return {
    port,
    address: account.address,
    store,
    async stop() {
      abort.abort();
      await loop;
      await Promise.allSettled(games.values());
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
