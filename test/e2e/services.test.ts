// Long-running services end to end (issue 17, decision 029) on real processes: anvil with the contracts,
// a standalone gateway, and `proofgrid-worker --serve` processes serving the ml-predict example service.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { privateKeyToAccount } from 'viem/accounts';
import { type Devnet, startDevnet } from '@proofgrid/devnet';
import {
  type ProofgridClient,
  RECEIPT_HEADER,
  type ServiceMeter,
  callService,
  createApp,
  createProofgridClient,
  createServiceMeter,
  createWorkerpool,
  depositForLease,
  getLeaseAccount,
  newestReceipts,
  openLease,
  parseUsageReceipt,
  publishEndpointRecord,
  redeemReceipts,
  resolveService,
  signEndpointRecord,
  signUsageReceipt,
  toWire,
  tokenAbi,
} from '@proofgrid/sdk';
import { type Proc, spawnService, waitForFile } from '@proofgrid/testkit';

import { MODULE, PRICE, ROOT, buildModule, encode, expected, predictions } from './servicesFixture.ts';

async function rejectsWith(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: { code?: string; message: string }) => {
    assert.equal(e.code, code, e.message);
    return true;
  });
}

describe('services: leases, endpoint records, gateway, receipts (real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'h7-services-'));
  const deploymentFile = join(dir, 'deployment.json');
  let devnet: Devnet;
  let provider: ProofgridClient;
  let alice: ProofgridClient;
  let bob: ProofgridClient;
  let mallory: ProofgridClient;
  let leaseId: bigint;
  let gateway: string;
  const procs: Proc[] = [];
  const meters = new Map<string, ServiceMeter>();
  let providerStart: bigint;

  const serve = async (name: string, extra: string[] = []) => {
    const key = devnet.accounts[4]!.privateKey;
    const ready = join(dir, `${name}.ready.json`);
    const args = ['--serve', String(leaseId), '--key', key, '--deployment', deploymentFile, '--gateway', gateway];
    const proc = spawnService(name, 'packages/worker/src/main.ts', [...args, '--data', join(dir, name), '--ready-file', ready, ...extra]);
    procs.push(proc);
    const { url } = await waitForFile<{ url: string }>(ready, proc);
    return { proc, url };
  };
  const clientOf = (i: number) =>
    createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(devnet.accounts[i]!.privateKey) });
  const meterOf = (client: ProofgridClient) => {
    const who = client.account!.address;
    if (!meters.has(who)) meters.set(who, createServiceMeter({ leaseId, pricePerCall: PRICE }));
    return meters.get(who)!;
  };
  const call = (client: ProofgridClient, rows: number[][]) =>
    callService(client, { gateway, meter: meterOf(client), request: encode(rows) });
  const balanceOf = (address: `0x${string}`) =>
    provider.public.readContract({ address: devnet.deployment.token, abi: tokenAbi, functionName: 'balanceOf', args: [address] });

  before(async () => {
    const moduleHash = buildModule();
    devnet = await startDevnet({ deploymentFile });
    const client = (i: number) =>
      createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(devnet.accounts[i]!.privateKey) });
    [provider, alice, bob, mallory] = [client(4), client(1), client(2), client(3)];
    const { app } = await createApp(client(2), { name: 'ml-predict', uri: pathToFileURL(MODULE).href, moduleHash, maxMemoryMb: 64 });
    const resources = { cpus: 2, memoryMb: 2048, diskGb: 10, gpus: 0, tee: false, region: 'local' };
    const { workerpool } = await createWorkerpool(provider, { description: 'services', scheduler: provider.account!.address, resources });
    ({ leaseId } = await openLease(provider, {
      workerpool,
      app,
      pricePerCall: PRICE,
      latencyMs: 500,
      availabilityBps: 9900,
      bond: 10n ** 18n,
    }));
    providerStart = await balanceOf(provider.account!.address);
    const lockUntil = BigInt(Math.floor(Date.now() / 1000) + 86_400);
    await depositForLease(alice, { leaseId, amount: 1000n * PRICE, lockUntil });
    await depositForLease(bob, { leaseId, amount: 2n * PRICE, lockUntil });
    const gw = spawnService('gateway', 'packages/scheduler/src/gateway/main.ts', [
      '--deployment',
      deploymentFile,
      '--ready-file',
      join(dir, 'gateway.json'),
    ]);
    procs.push(gw);
    ({ url: gateway } = await waitForFile<{ url: string }>(join(dir, 'gateway.json'), gw));
  });
  after(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    await devnet?.stop();
  });

  let first: { proc: Proc; url: string };

  test('deploy, resolve svc:<id> and call it by id: the right answer', async () => {
    first = await serve('serve-a', ['--redeem-every', '3600']);
    const service = await resolveService({ gateway, serviceId: `svc:${leaseId}` });
    assert.equal(service.provider, provider.account!.address);
    assert.equal(service.pricePerCall, PRICE);
    assert.deepEqual(
      service.endpoints.map((e) => e.endpoint),
      [first.url],
    );
    const rows = [
      [0.5, -1, 0.25, 2],
      [-1.5, 1, 0, 0],
    ];
    const { response, exitCode, endpoint } = await call(alice, rows);
    assert.equal(exitCode, 0);
    assert.equal(endpoint, first.url);
    const got = predictions(response);
    rows.forEach((row, i) => {
      assert.ok(Math.abs(got[i]!.p - expected(row).p) < 1e-12, `p of row ${i}`);
      assert.equal(got[i]!.label, expected(row).label);
    });
  });

  test('an endpoint moves mid-traffic: no call fails, clients follow the new record', async () => {
    const movers = [alice, ...[11, 12].map(clientOf)];
    const lockUntil = BigInt(Math.floor(Date.now() / 1000) + 86_400);
    for (const c of movers.slice(1)) await depositForLease(c, { leaseId, amount: 1000n * PRICE, lockUntil });
    // three clients call concurrently, each its calls in sequence (one meter each)
    const traffic = async (n: number) => {
      const answered: string[] = [];
      await Promise.all(
        movers.map(async (c, k) => {
          for (let i = 0; i < n; i++) {
            const features = [k, i / 10, 0, 0];
            const { endpoint, response } = await call(c, [features]);
            assert.equal(predictions(response)[0]!.label, expected(features).label);
            answered.push(endpoint!);
          }
        }),
      );
      return answered;
    };
    const before = await traffic(5);
    assert.deepEqual(new Set(before), new Set([first.url]), 'only the first endpoint is live');
    const second = await serve('serve-b'); // a new record: the gateway routes to both
    const during = traffic(10);
    await first.proc.kill('SIGTERM'); // while calls are in flight: drains its record, finishes its calls, stops
    assert.equal((await during).length, 30, 'no call failed while the endpoint moved');
    const after = await traffic(3);
    assert.deepEqual(new Set(after), new Set([second.url]), 'clients follow the new record');
    const service = await resolveService({ gateway, serviceId: `svc:${leaseId}` });
    assert.deepEqual(
      service.endpoints.map((e) => e.endpoint),
      [second.url],
      'the drained endpoint is gone',
    );
  });

  test('forged, expired and replayed endpoint records are refused with typed errors', async () => {
    const now = BigInt(Math.floor(Date.now() / 1000));
    const forged = await signEndpointRecord(mallory, { leaseId, endpoint: 'http://127.0.0.1:9/evil', sequence: 1n, expiry: now + 600n });
    await rejectsWith(publishEndpointRecord({ gateway, record: forged }), 'EndpointRecordForged');
    const expired = await signEndpointRecord(provider, { leaseId, endpoint: 'http://127.0.0.1:9/old', sequence: 1n, expiry: now - 1n });
    await rejectsWith(publishEndpointRecord({ gateway, record: expired }), 'EndpointRecordExpired');
    const fresh = await signEndpointRecord(provider, { leaseId, endpoint: 'http://127.0.0.1:9/spare', sequence: 5n, expiry: now + 600n });
    await publishEndpointRecord({ gateway, record: fresh });
    await rejectsWith(publishEndpointRecord({ gateway, record: fresh }), 'EndpointRecordReplayed');
    const older = await signEndpointRecord(provider, { leaseId, endpoint: 'http://127.0.0.1:9/spare', sequence: 4n, expiry: 0n });
    await rejectsWith(publishEndpointRecord({ gateway, record: older }), 'EndpointRecordReplayed');
    // drain the spare (an unreachable url) with a newer record: calls do not wait on it
    const drain = await signEndpointRecord(provider, { leaseId, endpoint: 'http://127.0.0.1:9/spare', sequence: 6n, expiry: 0n });
    await publishEndpointRecord({ gateway, record: drain });
    const service = await resolveService({ gateway, serviceId: `svc:${leaseId}` });
    assert.ok(!service.endpoints.some((e) => e.endpoint.includes('127.0.0.1:9/')), 'nothing forged, expired or drained is routed to');
  });

  test('forged and replayed usage receipts are refused with typed errors, and no money moves', async () => {
    const before = await getLeaseAccount(provider, { leaseId, client: alice.account!.address });
    const meter = meterOf(alice);
    // mallory signs a receipt, then names alice as its client
    const forgery = async (calls: bigint, sequence: bigint) => ({
      ...(await signUsageReceipt(mallory, { leaseId, calls, amount: calls * PRICE, sequence })),
      client: alice.account!.address,
    });
    const forged = await forgery(meter.calls + 1n, meter.sequence + 1n);
    const post = (receipt: object) =>
      fetch(`${gateway}/v1/svc/${leaseId}/call`, {
        method: 'POST',
        headers: { [RECEIPT_HEADER]: JSON.stringify(toWire(receipt as never)) },
        body: '1,2,3,4',
      });
    const refused = await post(forged);
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'UsageReceiptInvalid');
    const { receipt } = await call(alice, [[1, 2, 3, 4]]);
    const replay = await post(receipt);
    assert.equal(replay.status, 409);
    assert.equal(((await replay.json()) as { error: { code: string } }).error.code, 'UsageReceiptReplayed');
    // on chain: the forged receipt is refused and the batch moves nothing
    const paidBefore = await balanceOf(provider.account!.address);
    const newer = await forgery(receipt.calls + 100n, receipt.sequence + 1n);
    await rejectsWith(redeemReceipts(provider, { receipts: [receipt, newer] }), 'ReceiptBadSignature');
    assert.equal(await balanceOf(provider.account!.address), paidBefore);
    assert.deepEqual(await getLeaseAccount(provider, { leaseId, client: alice.account!.address }), before);
  });

  test('a deposit runs out: the lease pauses for that client, then resumes on top-up', async () => {
    await call(bob, [[0, 0, 0, 0]]);
    await call(bob, [[0, 0, 0, 0]]);
    await rejectsWith(call(bob, [[0, 0, 0, 0]]), 'ServicePaused');
    const held = await (
      await fetch(`${(await resolveService({ gateway, serviceId: String(leaseId) })).endpoints[0]!.endpoint}/v1/receipts`)
    ).json();
    const bobs = (held as { receipts: unknown[] }).receipts.map(parseUsageReceipt).filter((r) => r.client === bob.account!.address);
    await redeemReceipts(provider, { receipts: bobs });
    assert.equal((await getLeaseAccount(provider, { leaseId, client: bob.account!.address })).paused, true, 'paused on chain');
    await depositForLease(bob, { leaseId, amount: 2n * PRICE, lockUntil: 0n });
    assert.equal((await getLeaseAccount(provider, { leaseId, client: bob.account!.address })).paused, false, 'resumed on chain');
    const { exitCode } = await call(bob, [[0, 0, 0, 0]]);
    assert.equal(exitCode, 0);
  });

  test('the provider redeems a batch of receipts and is paid exactly', async () => {
    const endpoints = (await resolveService({ gateway, serviceId: `svc:${leaseId}` })).endpoints.map((e) => e.endpoint);
    const held = await Promise.all(
      endpoints.map(async (e) =>
        ((await (await fetch(`${e}/v1/receipts`)).json()) as { receipts: unknown[] }).receipts.map(parseUsageReceipt),
      ),
    );
    const callers = [...meters.keys()] as `0x${string}`[]; // every client that called through the gateway
    const accounts = async () => Promise.all(callers.map((c) => getLeaseAccount(provider, { leaseId, client: c })));
    const before = await accounts();
    const due = newestReceipts(held.flat()).filter((r) => r.sequence > before[callers.indexOf(r.client)]!.sequence);
    const { paid, gasUsed } = await redeemReceipts(provider, { receipts: due });
    const after = await accounts();
    const calls = callers.map((c) => meters.get(c)!.calls);
    const total = calls.reduce((a, b) => a + b, 0n);
    assert.deepEqual(
      after.map((a) => a.redeemedAmount),
      calls.map((n) => n * PRICE),
      'every answered call redeemed, at the price',
    );
    assert.equal(await balanceOf(provider.account!.address), providerStart + total * PRICE, 'the provider is paid exactly');
    const newCalls = total - before.reduce((sum, a) => sum + a.redeemedAmount, 0n) / PRICE;
    assert.equal(paid, newCalls * PRICE);
    console.log(`redeemed ${due.length} receipts for ${newCalls} calls in ${gasUsed} gas`);
  });

  test('gas per 1,000 paid calls: four clients, a receipt of 1,000 calls each, one redeem (target <= 50 gas per call)', async () => {
    const lockUntil = BigInt(Math.floor(Date.now() / 1000) + 86_400);
    const clients = [6, 7, 8, 9].map((i) =>
      createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(devnet.accounts[i]!.privateKey) }),
    );
    const receipts = [];
    for (const c of clients) {
      await depositForLease(c, { leaseId, amount: 2000n * PRICE, lockUntil }); // outlives the redemption (one that empties a deposit also pauses: one more slot written)
      receipts.push(await signUsageReceipt(c, { leaseId, calls: 1000n, amount: 1000n * PRICE, sequence: 1n }));
    }
    const { paid, gasUsed } = await redeemReceipts(provider, { receipts });
    assert.equal(paid, 4000n * PRICE);
    const perCall = Number(gasUsed) / 4000;
    console.log(
      `gas per paid call: ${perCall.toFixed(1)} (${gasUsed} gas for 4 receipts of 1,000 calls, the transaction's 21,000 and calldata included)`,
    );
    assert.ok(perCall <= 50, `${perCall} gas per call`);
  });

  test('the CLI: service deploy, deposit, call, status, resolve, endpoints, redeem, withdraw, close', async () => {
    const cli = (key: `0x${string}`, ...args: string[]) =>
      new Promise<Record<string, unknown>>((done, fail) =>
        execFile(
          process.execPath,
          [join(ROOT, 'packages/cli/bin/proofgrid.mjs'), ...args, '--deployment', deploymentFile, '--key', key, '--json'],
          { cwd: dir, env: { ...process.env, PROOFGRID_GATEWAY: gateway } },
          (err, stdout, stderr) =>
            err ? fail(new Error(`${err.message}\n${stdout}${stderr}`)) : done(JSON.parse(stdout) as Record<string, unknown>),
        ),
      );
    const [providerKey, carolKey] = [devnet.accounts[4]!.privateKey, devnet.accounts[5]!.privateKey];
    const deployed = await cli(providerKey, 'service', 'deploy', '--workerpool', '1', '--app', '1', '--price', '0.000001');
    assert.equal(deployed.serviceId, `svc:${leaseId + 1n}`);
    const id = `svc:${leaseId}`;
    await cli(carolKey, 'service', 'deposit', id, '0.00001');
    const answered = await cli(carolKey, 'service', 'call', id, '--data', '0.5,-1,0.25,2');
    assert.equal(predictions(new TextEncoder().encode(answered.response as string))[0]!.label, expected([0.5, -1, 0.25, 2]).label);
    const again = await cli(carolKey, 'service', 'call', id, '--data', '0,0,0,0');
    assert.equal(again.calls, '2', 'the meter is kept between invocations');
    const status = (await cli(carolKey, 'service', 'status', id)) as { account: { balance: string; paused: boolean } };
    assert.equal(status.account.balance, String(10n * PRICE));
    const resolved = (await cli(carolKey, 'service', 'resolve', id)) as { endpoints: { endpoint: string }[] };
    assert.equal(resolved.endpoints.length, 1);
    const url = resolved.endpoints[0]!.endpoint;
    const drained = (await cli(providerKey, 'service', 'endpoints', id, '--drain', 'http://127.0.0.1:9/unused')) as {
      endpoints: unknown[];
    };
    assert.equal(drained.endpoints.length, 1);
    const redeemed = await cli(providerKey, 'service', 'redeem', id, '--from', url);
    assert.equal(redeemed.receipts, 1);
    assert.equal(redeemed.paid, String(2n * PRICE));
    const daveKey = devnet.accounts[10]!.privateKey;
    await cli(daveKey, 'service', 'deposit', id, '0.000003', '--lock', '0');
    const back = await cli(daveKey, 'service', 'withdraw', id, 'all');
    assert.equal(back.withdrawn, String(3n * PRICE));
    const closed = await cli(providerKey, 'service', 'close', deployed.serviceId as string);
    assert.equal(closed.closed, true);
    assert.equal(
      ((await cli(carolKey, 'service', 'status', deployed.serviceId as string)) as { lease: { closed: boolean } }).lease.closed,
      true,
    );
  });
});
