import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWorkerProtocolClient, registrationTypedData } from '@proofgrid/sdk/protocol';
import pino from 'pino';
import { verifyTypedData } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSession } from './session.ts';

const TOKEN = 'k'.repeat(48);
const resources = { cpus: 1, memoryMb: 512, diskGb: 1, gpus: 0, tee: false, region: 'local' };

/** A scheduler as a fetch function: answers from `answer(path, body)`, records every call. */
function fakeScheduler(answer: (path: string, body: Record<string, unknown>) => { status: number; body: unknown }) {
  const calls: { path: string; body: Record<string, unknown> }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
    calls.push({ path, body });
    const a = answer(path, body);
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { calls, scheduler: createWorkerProtocolClient({ baseUrl: 'http://scheduler.test', fetch }) };
}
const registered = { status: 200, body: { token: TOKEN, leaseTtlMs: 2000, heartbeatMs: 500, workerpool: '1' } };
const refusal = (code: string, details = {}) => ({ status: 401, body: { error: { code, message: code, details } } });
const HUB = `0x${'48'.repeat(20)}` as const;
const SCHEDULER = `0x${'5c'.repeat(20)}` as const;
let nonces = 0;
/** A challenge as the scheduler answers it (a new nonce each time); `over` changes its fields. */
const challenge = (over: Record<string, unknown> = {}) => ({
  status: 200,
  body: {
    nonce: `0x${(++nonces).toString(16).padStart(64, '0')}`,
    expiresAt: Date.now() + 120_000,
    serverTime: Date.now(),
    workerpool: '1',
    scheduler: SCHEDULER,
    chainId: 31337,
    hub: HUB,
    ...over,
  },
});
function logger() {
  const lines: { level: number; msg: string }[] = [];
  return { lines, log: pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) }) };
}

describe('worker session', () => {
  test("registers over the scheduler's challenge: the signature holds for its nonce, pool, scheduler and chain only", async () => {
    const { calls, scheduler } = fakeScheduler((path) => (path === '/v1/workers/challenge' ? challenge() : registered));
    const account = privateKeyToAccount(generatePrivateKey());
    const expect = { chainId: 31337, hub: HUB, workerpool: 1n };
    const session = createSession({ account, scheduler, resources, name: 'w', log: logger().log, expect });
    assert.equal((await session.register()).token, TOKEN);
    assert.deepEqual(
      calls.map((c) => c.path),
      ['/v1/workers/challenge', '/v1/workers/register'],
    );
    const body = calls[1]!.body as { nonce: `0x${string}`; signature: `0x${string}`; workerpool: string; chainId: number };
    assert.equal(body.workerpool, '1');
    assert.equal(body.chainId, 31337);
    assert.equal('timestamp' in body, false, 'no clock is signed');
    const scope = { nonce: body.nonce, worker: account.address, workerpool: 1n, scheduler: SCHEDULER, chainId: 31337, hub: HUB };
    const holds = (s: typeof scope) =>
      verifyTypedData({ ...registrationTypedData(s), address: account.address, signature: body.signature });
    assert.equal(await holds(scope), true);
    assert.equal(await holds({ ...scope, workerpool: 2n }), false);
    assert.equal(await holds({ ...scope, chainId: 1 }), false);
    assert.equal(scheduler.token, TOKEN);
  });

  test('a challenge for another pool, chain or hub than expected is not signed (ChallengeMismatch)', async () => {
    const expect = { chainId: 31337, hub: HUB, workerpool: 1n };
    for (const over of [{ workerpool: '2' }, { chainId: 1 }, { hub: `0x${'49'.repeat(20)}` }]) {
      const { calls, scheduler } = fakeScheduler((path) => (path === '/v1/workers/challenge' ? challenge(over) : registered));
      const session = createSession({
        account: privateKeyToAccount(generatePrivateKey()),
        scheduler,
        resources,
        log: logger().log,
        expect,
      });
      await assert.rejects(session.register(), (e: unknown) => (e as { code?: string }).code === 'ChallengeMismatch', JSON.stringify(over));
      assert.equal(calls.filter((c) => c.path === '/v1/workers/register').length, 0);
    }
  });

  test('a worker whose clock is off registers all the same, and says its clock is off', async () => {
    const { calls, scheduler } = fakeScheduler((path) =>
      path === '/v1/workers/challenge' ? challenge({ serverTime: Date.now() + 3_600_000 }) : registered,
    );
    const { lines, log } = logger();
    const session = createSession({ account: privateKeyToAccount(generatePrivateKey()), scheduler, resources, log });
    assert.equal((await session.register()).token, TOKEN);
    assert.equal(calls.length, 2);
    assert.ok(lines.some((l) => l.level === 40 && /clock is off the scheduler's/.test(l.msg)));
  });

  test('a challenge the scheduler no longer knows (restart, expiry) is asked for again, once', async () => {
    let registers = 0;
    const { calls, scheduler } = fakeScheduler((path) => {
      if (path === '/v1/workers/challenge') return challenge();
      return ++registers === 1 ? refusal('ChallengeUnknown') : registered;
    });
    const session = createSession({ account: privateKeyToAccount(generatePrivateKey()), scheduler, resources, log: logger().log });
    assert.equal((await session.register()).token, TOKEN);
    const nonceOf = (i: number) => calls.filter((c) => c.path === '/v1/workers/register')[i]!.body.nonce;
    assert.notEqual(nonceOf(0), nonceOf(1), 'a new nonce');
    const { scheduler: s2 } = fakeScheduler((path) => (path === '/v1/workers/challenge' ? challenge() : refusal('ChallengeUnknown')));
    const again = createSession({ account: privateKeyToAccount(generatePrivateKey()), scheduler: s2, resources, log: logger().log });
    await assert.rejects(again.register(), (e: unknown) => (e as { code?: string }).code === 'ChallengeUnknown');
  });

  test('other refusals are not retried', async () => {
    const { calls, scheduler } = fakeScheduler((path) => (path === '/v1/workers/challenge' ? challenge() : refusal('WorkerNotAllowed')));
    const session = createSession({ account: privateKeyToAccount(generatePrivateKey()), scheduler, resources, log: logger().log });
    await assert.rejects(session.register(), (e: unknown) => (e as { code?: string }).code === 'WorkerNotAllowed');
    assert.equal(calls.filter((c) => c.path === '/v1/workers/register').length, 1);
  });

  test('WorkerUnauthorized makes it register again, once for callers at the same time; other errors are not its business', async () => {
    const { calls, scheduler } = fakeScheduler((path) => {
      if (path === '/v1/workers/challenge') return challenge();
      return path === '/v1/workers/register' ? registered : refusal('WorkerUnauthorized');
    });
    const session = createSession({ account: privateKeyToAccount(generatePrivateKey()), scheduler, resources, log: logger().log });
    const err = await scheduler.nextLease().then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e,
    );
    assert.deepEqual(await Promise.all([session.recover(err, 'a'), session.recover(err, 'b')]), [true, true]);
    assert.equal(calls.filter((c) => c.path === '/v1/workers/register').length, 1);
    assert.equal(await session.recover(new Error('boom'), 'c'), false);
  });

  test('a failed re-registration is logged, not thrown', async () => {
    const { scheduler } = fakeScheduler(() => refusal('WorkerUnauthorized'));
    const { lines, log } = logger();
    const session = createSession({ account: privateKeyToAccount(generatePrivateKey()), scheduler, resources, log });
    const err = await scheduler.heartbeat().then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e,
    );
    assert.equal(await session.recover(err, 'heartbeat'), true);
    assert.ok(lines.some((l) => l.level === 40 && /registering again failed/.test(l.msg)));
  });

  test('heartbeats list the held leases; an outage is logged once, and its end', async () => {
    let down = false;
    const { calls, scheduler } = fakeScheduler((path) => {
      if (path === '/v1/workers/challenge') return challenge();
      if (path === '/v1/workers/register') return registered;
      return down
        ? { status: 503, body: { error: { code: 'Unavailable', message: 'down', details: {} } } }
        : { status: 200, body: { ok: true, leases: 2 } };
    });
    const { lines, log } = logger();
    const session = createSession({ account: privateKeyToAccount(generatePrivateKey()), scheduler, resources, log });
    await session.register();
    session.startHeartbeats(5, () => [3, 4]);
    const beats = () => calls.filter((c) => c.path === '/v1/workers/heartbeat').length;
    const until = async (n: number) => {
      for (const start = beats(); beats() < start + n; ) await new Promise((r) => setTimeout(r, 5));
    };
    try {
      await until(2);
      down = true;
      await until(4);
      down = false;
      await until(2);
    } finally {
      session.stop();
    }
    assert.deepEqual(calls.find((c) => c.path === '/v1/workers/heartbeat')!.body, { leases: [3, 4] });
    assert.equal(lines.filter((l) => /heartbeats fail/.test(l.msg)).length, 1);
    assert.equal(lines.filter((l) => /heartbeats pass again/.test(l.msg)).length, 1);
  });
});
