import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWorkerProtocolClient } from '@proofgrid/sdk/protocol';
import pino from 'pino';
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
function logger() {
  const lines: { level: number; msg: string }[] = [];
  return { lines, log: pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) }) };
}

describe('worker session', () => {
  test("a registration refused for its time is signed again with the scheduler's clock", async () => {
    const serverTime = Math.floor(Date.now() / 1000) + 3600;
    const { calls, scheduler } = fakeScheduler((_p, body) =>
      Math.abs((body.timestamp as number) - serverTime) > 300 ? refusal('RegistrationExpired', { serverTime }) : registered,
    );
    const { lines, log } = logger();
    const session = createSession({ account: privateKeyToAccount(generatePrivateKey()), scheduler, resources, name: 'w', log });
    assert.equal((await session.register()).token, TOKEN);
    assert.equal(calls.length, 2);
    assert.ok(Math.abs((calls[1]!.body.timestamp as number) - serverTime) <= 1);
    assert.equal(scheduler.token, TOKEN);
    assert.ok(lines.some((l) => /clock is off/.test(l.msg)));
  });

  test('other refusals are not retried', async () => {
    const { calls, scheduler } = fakeScheduler(() => refusal('WorkerNotAllowed'));
    const session = createSession({ account: privateKeyToAccount(generatePrivateKey()), scheduler, resources, log: logger().log });
    await assert.rejects(session.register(), (e: unknown) => (e as { code?: string }).code === 'WorkerNotAllowed');
    assert.equal(calls.length, 1);
  });

  test('WorkerUnauthorized makes it register again, once for callers at the same time; other errors are not its business', async () => {
    const { calls, scheduler } = fakeScheduler((path) => (path === '/v1/workers/register' ? registered : refusal('WorkerUnauthorized')));
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
