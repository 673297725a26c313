// Issue 14, defect 3: a worker's registration cannot be replayed or moved (docs/decisions/014).
// Real processes: anvil, pool A's scheduler, a worker daemon that reaches it through a recording
// HTTP relay (so the test holds the exact registration the worker sent), and pool B's scheduler.
// The captured registration, replayed verbatim to A, is refused with RegistrationReplayed and the
// worker's session is untouched: it never registers again and runs a deal to the end. Sent to B,
// it is refused (RegistrationMisdirected); one signed by the worker's key for another chain is refused.
// The replay and the pool-B parts send the captured bytes as they are, whatever their format, so
// they run unchanged against the code before the fix (where both were answered 200 with a token).
import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import * as protocol from '@proofgrid/sdk/protocol';
import { PRICE, type Proc, type Stack, mcTasks, setupMarket, spawnService, startStack, waitForFile } from '@proofgrid/testkit';
import { privateKeyToAccount } from 'viem/accounts';

/** An HTTP relay to `target` that keeps the body of every registration passing through. */
async function recordingRelay(target: string) {
  const registrations: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (req.url === '/v1/workers/register') registrations.push(body.toString());
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'authorization', 'accept']) if (req.headers[h]) headers[h] = String(req.headers[h]);
    try {
      const method = req.method ?? 'GET';
      const r = await fetch(`${target}${req.url}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body });
      const out = Buffer.from(await r.arrayBuffer());
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream' }).end(out);
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    registrations,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** POSTs a raw JSON body; answers the status and the error code (if any) and the body. */
async function postRaw(url: string, body: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await res.json()) as { error?: { code: string }; token?: string };
  return { status: res.status, code: json.error?.code, json };
}

describe('registration replay and misdirection (anvil + schedulers of two pools + a worker process)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  let relay: Awaited<ReturnType<typeof recordingRelay>>;
  let worker: Proc;
  let poolB: { proc: Proc; url: string; workerpool: string } | undefined;
  let captured = '';
  before(async () => {
    stack = await startStack({ workers: 0 });
    ctx = await setupMarket(stack);
    relay = await recordingRelay(stack.scheduler.url);
    const key = stack.accounts.spare[0]!.privateKey;
    worker = spawnService(
      'worker-relayed',
      'packages/worker/src/main.ts',
      ['--deployment', stack.deploymentFile, '--scheduler', relay.url, '--data', join(stack.dir, 'worker-relayed'), '--name', 'relayed'],
      { PROOFGRID_WORKER_KEY: key, LOG_LEVEL: 'info' },
    );
    const started = Date.now();
    while ((await stack.market.listWorkers()).filter((w) => w.status === 'online').length < 1) {
      if (Date.now() - started > 30_000 || worker.child.exitCode !== null) throw new Error(`the worker did not register:\n${worker.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(relay.registrations.length, 1, 'the worker registered once, through the relay');
    captured = relay.registrations[0]!;
  });
  after(async () => {
    await worker?.kill('SIGKILL');
    await poolB?.proc.kill('SIGKILL');
    await relay?.close();
    await stack?.stop();
  });

  test("the worker's own registration, replayed as captured, is refused (RegistrationReplayed); its session is untouched", async () => {
    const replay = await postRaw(`${stack.scheduler.url}/v1/workers/register`, captured);
    assert.equal(replay.status, 401, `a replay must not register (answered ${replay.status} ${JSON.stringify(replay.json)})`);
    assert.equal(replay.code, 'RegistrationReplayed');
    assert.equal(replay.json.token, undefined, 'no token for the replayer');
    // The worker's token still works: it runs a deal to the end without registering again.
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(2),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const deal = await waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    const address = privateKeyToAccount(stack.accounts.spare[0]!.privateKey).address.toLowerCase();
    assert.ok(
      deal.batches.every((b) => b.workers.some((w) => w.address.toLowerCase() === address)),
      'run by the relayed worker',
    );
    assert.equal(relay.registrations.length, 1, 'the worker never had to register again');
    assert.doesNotMatch(worker.log(), /did not know this worker/);
  });

  test("pool A's registration sent to pool B's scheduler is refused (RegistrationMisdirected)", async () => {
    // Pool B: another scheduler process, with its own key and a workerpool of its own.
    const ready = join(stack.dir, 'scheduler-b.json');
    const proc = spawnService(
      'scheduler-b',
      'packages/scheduler/src/main.ts',
      ['--deployment', stack.deploymentFile, '--data', join(stack.dir, 'scheduler-b'), '--ready-file', ready],
      { PROOFGRID_SCHEDULER_KEY: stack.accounts.spare[1]!.privateKey, PROOFGRID_OWNER_KEY: stack.accounts.poolOwner.privateKey },
    );
    poolB = { proc, ...(await waitForFile<{ url: string; workerpool: string }>(ready, proc)) };
    assert.notEqual(poolB.workerpool, stack.scheduler.workerpool, 'two pools');
    const moved = await postRaw(`${poolB.url}/v1/workers/register`, captured);
    assert.equal(moved.status, 403, `pool B must not register pool A's worker (answered ${moved.status} ${JSON.stringify(moved.json)})`);
    assert.equal(moved.code, 'RegistrationMisdirected');
    // Re-labelled for pool B (B's own nonce, pool and scheduler): the worker's signature does not cover it.
    const b = protocol.zChallenge.parse(await (await fetch(`${poolB.url}/v1/workers/challenge`, { method: 'POST' })).json());
    const relabelled = { ...JSON.parse(captured), nonce: b.nonce, workerpool: b.workerpool, scheduler: b.scheduler, chainId: b.chainId };
    const forged = await postRaw(`${poolB.url}/v1/workers/register`, JSON.stringify(relabelled));
    assert.equal(forged.status, 401);
    assert.equal(forged.code, 'WorkerSignatureInvalid');
    assert.equal((await postRaw(`${poolB.url}/v1/workers/register`, captured)).code, 'RegistrationMisdirected');
  });

  test("signed by the worker's key for another chain: refused, and the worker's session is still untouched", async () => {
    const account = privateKeyToAccount(stack.accounts.spare[0]!.privateKey);
    const a = protocol.zChallenge.parse(await (await fetch(`${stack.scheduler.url}/v1/workers/challenge`, { method: 'POST' })).json());
    const body = (chainId: number, signature: string) =>
      JSON.stringify({ ...JSON.parse(captured), nonce: a.nonce, workerpool: a.workerpool, scheduler: a.scheduler, chainId, signature });
    const otherChain = await account.signTypedData(
      protocol.registrationTypedData({ ...a, chainId: 1, worker: account.address, workerpool: BigInt(a.workerpool) }),
    );
    const r1 = await postRaw(`${stack.scheduler.url}/v1/workers/register`, body(1, otherChain));
    assert.equal(r1.status, 403);
    assert.equal(r1.code, 'RegistrationMisdirected');
    const r2 = await postRaw(`${stack.scheduler.url}/v1/workers/register`, body(a.chainId, otherChain));
    assert.equal(r2.status, 401, 'the same signature claimed for this chain does not verify');
    assert.equal(r2.code, 'WorkerSignatureInvalid');
    // Still one registration, and the worker heartbeats on with the token it has.
    const seen = (await stack.market.listWorkers()).find((w) => w.address.toLowerCase() === account.address.toLowerCase());
    await new Promise((r) => setTimeout(r, 1_000));
    const later = (await stack.market.listWorkers()).find((w) => w.address.toLowerCase() === account.address.toLowerCase());
    assert.equal(later?.status, 'online');
    assert.ok((later?.lastSeen ?? 0) > (seen?.lastSeen ?? 0), 'heartbeats go on');
    assert.equal(relay.registrations.length, 1);
    assert.doesNotMatch(worker.log(), /did not know this worker/);
  });
});
