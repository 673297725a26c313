import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyTypedData } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { toWire } from '../api/wire.ts';
import { addr, b32, sampleKey, sampleLease } from './fixtures.ts';
import { workerRoutes } from './routes.ts';
import {
  registrationTypedData,
  zChallenge,
  zDealKey,
  zHeartbeat,
  zLease,
  zLeaseDone,
  zLeaseFail,
  zLeaseResult,
  zNextLease,
  zNextLeaseRequest,
  zRegisterWorker,
  zRegistered,
  zResources,
} from './schemas.ts';

describe('worker protocol schemas', () => {
  test('a lease from the wire parses to bigints in its deal key, and back to the same wire form', () => {
    const lease = zLease.parse(sampleLease());
    assert.deepEqual(lease.key, sampleKey);
    assert.equal(lease.tasks[1]!.args[1], '1');
    assert.deepEqual(toWire(lease), sampleLease());
  });

  test('a lease missing a field, with a bad hash or a zero count is refused, naming the field', () => {
    const paths = (v: unknown) => zLease.safeParse(v).error?.issues.map((i) => i.path.join('.')) ?? [];
    const { authorization: _, ...noAuth } = sampleLease();
    assert.deepEqual(paths(noAuth), ['authorization']);
    assert.deepEqual(paths({ ...sampleLease(), batchId: '0x12' }), ['batchId']);
    assert.deepEqual(paths({ ...sampleLease(), count: 0, tasks: [] }), ['count']);
    assert.deepEqual(paths({ ...sampleLease(), key: { ...(sampleLease().key as object), workerStake: '-1' } }), ['key.workerStake']);
  });

  test("a lease whose tasks are not the batch's, in order, is refused", () => {
    const lease = sampleLease() as { tasks: { index: number }[] };
    const swapped = { ...lease, tasks: [lease.tasks[1], lease.tasks[0]] };
    assert.deepEqual(
      zLease.safeParse(swapped).error?.issues.map((i) => i.path.join('.')),
      ['tasks'],
    );
    assert.equal(zLease.safeParse({ ...lease, tasks: lease.tasks.slice(1) }).success, false);
    assert.equal(zLease.safeParse({ ...lease, first: 1 }).success, false);
  });

  test('a lease request may ask for a long poll of up to 30 s', () => {
    assert.deepEqual(zNextLeaseRequest.parse({}), {});
    assert.deepEqual(zNextLeaseRequest.parse({ waitMs: 1000 }), { waitMs: 1000 });
    assert.equal(zNextLeaseRequest.safeParse({ waitMs: 30_001 }).success, false);
    assert.equal(zNextLeaseRequest.safeParse({ waitMs: -1 }).success, false);
  });

  test('no lease: null with a reason', () => {
    assert.deepEqual(zNextLease.parse({ lease: null, reason: 'no pending work' }), { lease: null, reason: 'no pending work' });
    assert.equal(zNextLease.safeParse({}).success, false);
  });

  test('deal keys travel with bigints as decimal strings', () => {
    assert.equal(zDealKey.parse(toWire(sampleKey)).poolPrice, 2n ** 200n);
    assert.equal(zDealKey.safeParse({ ...(toWire(sampleKey) as object), requester: '0x1' }).success, false);
  });

  test('registration: resources get defaults; the answer needs a token and a heartbeat period', () => {
    const body = {
      address: addr(7),
      resources: { cpus: 2, memoryMb: 512 },
      nonce: b32(1),
      workerpool: '3',
      scheduler: addr(5),
      chainId: 31337,
      signature: '0x01',
    };
    assert.deepEqual(zRegisterWorker.parse(body).resources, { cpus: 2, memoryMb: 512, diskGb: 1, gpus: 0, tee: false, region: 'local' });
    assert.equal(zResources.safeParse({ cpus: 0, memoryMb: 512 }).success, false);
    assert.equal(zRegistered.safeParse({ token: 'a'.repeat(48), leaseTtlMs: 2000, heartbeatMs: 500, workerpool: '1' }).success, true);
    assert.equal(zRegistered.safeParse({ token: '', leaseTtlMs: 2000, heartbeatMs: 500, workerpool: '1' }).success, false);
    assert.equal(zRegistered.safeParse({ token: 'a'.repeat(48), leaseTtlMs: 2000, workerpool: '1' }).success, false);
    assert.equal(zRegisterWorker.safeParse({ ...body, nonce: undefined }).success, false, 'a registration needs a nonce');
    assert.equal(zRegisterWorker.safeParse({ ...body, workerpool: '-1' }).success, false);
  });

  test('challenge: a nonce and the identity of the scheduler that issued it', () => {
    const c = { nonce: b32(1), expiresAt: 2, serverTime: 1, workerpool: '3', scheduler: addr(5), chainId: 31337, hub: addr(6) };
    assert.deepEqual(zChallenge.parse(c), c);
    for (const k of Object.keys(c)) assert.equal(zChallenge.safeParse({ ...c, [k]: undefined }).success, false, k);
    assert.equal(zChallenge.safeParse({ ...c, nonce: '0x12' }).success, false);
  });

  test('registration typed data: a signature holds for its nonce, worker, pool, scheduler, chain and hub only', async () => {
    const worker = privateKeyToAccount(generatePrivateKey());
    const scope = { nonce: b32(1), worker: worker.address, workerpool: 3n, scheduler: addr(5), chainId: 31337, hub: addr(6) };
    const signature = await worker.signTypedData(registrationTypedData(scope));
    const holds = (s: typeof scope) => verifyTypedData({ ...registrationTypedData(s), address: worker.address, signature });
    assert.equal(await holds(scope), true);
    const others = [
      { nonce: b32(2) },
      { workerpool: 4n },
      { scheduler: addr(8) },
      { chainId: 1 },
      { hub: addr(9) },
      { worker: privateKeyToAccount(generatePrivateKey()).address },
    ];
    for (const other of others)
      assert.equal(
        await holds({ ...scope, ...other }),
        false,
        JSON.stringify(other, (_k, v) => String(v)),
      );
  });

  test('heartbeat, done and fail bodies are bounded', () => {
    assert.equal(zHeartbeat.safeParse({}).success, true);
    assert.equal(zHeartbeat.safeParse({ leases: [1, 2.5] }).success, false);
    assert.equal(zLeaseDone.safeParse({ phase: 'pushed', tx: b32(1) }).success, true);
    assert.equal(zLeaseDone.safeParse({ phase: 'finalized', tx: b32(1) }).success, false);
    assert.equal(zLeaseFail.safeParse({ code: 'X'.repeat(65), message: '' }).success, false);
    assert.equal(zLeaseFail.safeParse({ code: 'AppExitNonZero', message: 'm'.repeat(1001) }).success, false);
  });

  test('a results report carries the digests of a batch that ran, or the failure of one the app failed', () => {
    const usage = { maxRunTimeMs: 3, memoryPeakKb: 64 };
    const ran = { digests: [b32(1), b32(2)], root: b32(3), usage };
    assert.deepEqual(zLeaseResult.parse(ran), ran, 'a report from before failures still parses');
    const failed = { failure: { exitCode: 134, outputDigest: b32(4) }, root: b32(5), usage };
    assert.deepEqual(zLeaseResult.parse(failed), failed);
    assert.equal('digests' in zLeaseResult.parse(failed), false);
    assert.equal(
      zLeaseResult.safeParse({ ...failed, failure: { exitCode: 0, outputDigest: b32(4) } }).success,
      false,
      'exit 0 is a success',
    );
    assert.equal(zLeaseResult.safeParse({ ...failed, failure: { exitCode: 2 ** 32, outputDigest: b32(4) } }).success, false);
    assert.equal(zLeaseResult.safeParse({ ...failed, failure: { exitCode: 1, outputDigest: '0x12' } }).success, false);
    assert.equal(zLeaseResult.safeParse({ root: b32(5), usage }).success, false, 'neither digests nor a failure');
    assert.equal(zLeaseResult.safeParse({ ...ran, digests: [] }).success, false);
  });

  test('every route has a distinct path and both bodies', () => {
    const routes = Object.values(workerRoutes);
    assert.equal(new Set(routes.map((r) => r.path)).size, routes.length);
    for (const r of routes) assert.ok(r.request && r.response && r.path.startsWith('/v1/'), r.path);
    assert.deepEqual(
      routes.filter((r) => !r.auth).map((r) => r.path),
      ['/v1/workers/challenge', '/v1/workers/register'],
    );
  });
});
