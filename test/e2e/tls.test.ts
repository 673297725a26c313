// TLS end to end (decision 017): the scheduler and the secret service on HTTPS with the devnet's
// certificate, workers trusting its CA by NODE_EXTRA_CA_CERTS or --ca, a requester in this process
// by the SDK clients' `fetch`; a client without the CA, and plain HTTP, are refused.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSecretsClient, fetchResults, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { createMarketClient } from '@proofgrid/sdk/api';
import { PRICE, type Proc, type Stack, events, mcTasks, setupMarket, spawnService, startStack } from '@proofgrid/testkit';

/** The innermost cause of an error (fetch wraps the TLS failure in `cause`). */
const rootCause = (err: unknown): { code?: string; message?: string } => {
  let e = err as { cause?: unknown };
  while (e?.cause) e = e.cause as { cause?: unknown };
  return e as { code?: string; message?: string };
};
const CLI = resolve(import.meta.dirname, '../../packages/cli/bin/proofgrid.mjs');
/** Runs the proofgrid CLI (no NODE_EXTRA_CA_CERTS in its env); resolves with its exit code and output. */
const cli = (args: string[], cwd: string) =>
  new Promise<{ code: number; out: string }>((done) => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    execFile(process.execPath, [CLI, ...args], { env, cwd }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
const CERT_ERROR = /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT/;

describe('TLS end to end (scheduler and secret service on HTTPS with the devnet certificate)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  const extra: Proc[] = [];
  before(async () => {
    stack = await startStack({ workers: 1, tls: true, secrets: true });
    ctx = await setupMarket(stack);
  });
  after(async () => {
    await Promise.all(extra.map((p) => p.kill('SIGKILL')));
    await stack?.stop();
  });

  /** A worker process on a spare account with these extra arguments, its env without NODE_EXTRA_CA_CERTS. */
  const spawnWorker = (name: string, spare: number, args: string[]) => {
    const account = stack.accounts.spare[spare]!;
    const p = spawnService(
      name,
      'packages/worker/src/main.ts',
      ['--deployment', stack.deploymentFile, '--scheduler', stack.scheduler.url, '--data', join(stack.dir, name), '--name', name, ...args],
      { PROOFGRID_WORKER_KEY: account.privateKey, LOG_LEVEL: 'warn' },
    );
    extra.push(p);
    return { proc: p, address: account.address };
  };

  test('both services answer on https; the secret service through the SDK client with the CA', async () => {
    assert.match(stack.scheduler.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(stack.secrets!.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await stack.market.status()).workers.online, 1);
    const secrets = createSecretsClient({ url: stack.secrets!.url, fetch: stack.fetch });
    assert.equal((await secrets.info()).chainId, stack.deployment.chainId);
  });

  test('a worker trusting the CA by --ca alone registers; a trust-3 task runs on it and on the NODE_EXTRA_CA_CERTS worker', async () => {
    const w = spawnWorker('worker-ca', 0, ['--ca', stack.tls!.caFile]);
    const started = Date.now();
    while ((await stack.market.listWorkers()).filter((x) => x.status === 'online').length < 2) {
      if (w.proc.child.exitCode !== null || Date.now() - started > 30_000)
        assert.fail(`the --ca worker did not register:\n${w.proc.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { requester, app } = ctx;
    const { requestHash, resultKey } = (await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(2),
      trust: 3,
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    })) as { requestHash: `0x${string}`; resultKey?: `0x${string}` }; // resultKey: results encrypted for the requester (C3)
    const deal = await waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs: 90_000 });
    assert.equal(deal.status, 'completed');
    const contributors = new Set(
      (await events(requester, 'BatchContributed'))
        .filter((e) => deal.batches.some((b) => b.batchId === e.args.batchId))
        .map((e) => String(e.args.worker).toLowerCase()),
    );
    assert.deepEqual(contributors, new Set([stack.accounts.workers[0]!.address.toLowerCase(), w.address.toLowerCase()]));
    const results = await fetchResults(requester, stack.market, deal, { resultKey });
    assert.equal(results.length, 2);
    for (const r of results) assert.equal(JSON.parse(new TextDecoder().decode(r.stdout)).samples, 2000);
  });

  test('a client that does not trust the CA is refused with a certificate error', async () => {
    const untrusting = createMarketClient({ url: stack.scheduler.url });
    const err = await untrusting.status().then(
      () => assert.fail('a client without the devnet CA reached the scheduler'),
      (e: unknown) => e,
    );
    assert.equal((err as { status?: number }).status, 0);
    assert.match(String(rootCause(err).code), CERT_ERROR);
    assert.match((err as Error).message, /certificate/i, 'the reason is in the message');
    const secrets = createSecretsClient({ url: stack.secrets!.url });
    await assert.rejects(secrets.info(), (e) => CERT_ERROR.test(String(rootCause(e).code)));
    // A worker process without --ca or NODE_EXTRA_CA_CERTS cannot register (start-up retry cut to 1 s).
    const w = spawnWorker('worker-untrusting', 1, ['--startup-retry', '1']);
    const code = await new Promise<number | null>((done) => w.proc.child.once('exit', (c) => done(c)));
    assert.notEqual(code, 0);
    assert.match(w.proc.log(), /certificate/i);
    assert.equal((await stack.market.listWorkers()).filter((x) => x.address.toLowerCase() === w.address.toLowerCase()).length, 0);
  });

  test('the CLI talks to the HTTPS market with --ca, and is refused without it', async () => {
    const base = ['--deployment', stack.deploymentFile, '--market', stack.scheduler.url];
    const trusted = await cli([...base, '--ca', stack.tls!.caFile, 'deal', 'list', '--json'], stack.dir);
    assert.equal(trusted.code, 0, trusted.out);
    assert.ok(JSON.parse(trusted.out));
    const refused = await cli([...base, 'deal', 'list', '--json'], stack.dir);
    assert.notEqual(refused.code, 0);
    assert.match(refused.out, /certificate/i);
    // In a directory with the devnet's .proofgrid/ (what `npm start` leaves), its tls/ca.pem is trusted unasked.
    const project = join(stack.dir, 'project');
    mkdirSync(join(project, '.proofgrid', 'tls'), { recursive: true });
    copyFileSync(stack.deploymentFile, join(project, '.proofgrid', 'deployment.json'));
    copyFileSync(stack.tls!.caFile, join(project, '.proofgrid', 'tls', 'ca.pem'));
    const found = await cli(['--market', stack.scheduler.url, 'deal', 'list', '--json'], project);
    assert.equal(found.code, 0, found.out);
  });

  test('plain HTTP to the HTTPS ports gets no answer', async () => {
    for (const url of [stack.scheduler.url, stack.secrets!.url]) {
      const plain = url.replace(/^https:/, 'http:');
      const res = await fetch(`${plain}/v1/info`, { signal: AbortSignal.timeout(5000) }).then(
        (r) => r,
        (e: unknown) => e as Error,
      );
      assert.ok(res instanceof Error, `plain HTTP to ${plain} was answered (${(res as Response).status})`);
    }
  });
});
