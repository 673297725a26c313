import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RATE_LIMITS, limitOptionsOf, resolveLimits, zServiceLimits } from './limits.ts';
import { clientKeyOf, createRateLimiter } from './rateLimit.ts';

test('a bucket answers `burst` requests at once, then refuses with the time to the next token', () => {
  const limiter = createRateLimiter({ perSecond: 10, burst: 3 }, 100);
  const t = 1_000_000;
  for (let i = 0; i < 3; i++) assert.deepEqual(limiter.take('a', t), { ok: true });
  assert.deepEqual(limiter.take('a', t), { ok: false, retryAfterMs: 100 });
  assert.deepEqual(limiter.take('a', t + 40), { ok: false, retryAfterMs: 60 });
  // 100 ms at 10/s is one token; a second later the bucket is full again (3, not 10).
  assert.deepEqual(limiter.take('a', t + 100), { ok: true });
  assert.equal(limiter.take('a', t + 100).ok, false);
  for (let i = 0; i < 3; i++) assert.equal(limiter.take('a', t + 5_000).ok, true);
  assert.equal(limiter.take('a', t + 5_000).ok, false);
});

test('buckets are per key: one client spending its burst leaves another untouched', () => {
  const limiter = createRateLimiter({ perSecond: 1, burst: 2 }, 100);
  limiter.take('flood', 0);
  limiter.take('flood', 0);
  assert.equal(limiter.take('flood', 0).ok, false);
  assert.equal(limiter.take('other', 0).ok, true);
  assert.equal(limiter.take('other', 0).ok, true);
});

test('memory is bounded: refilled buckets are dropped, and past the cap the least recently seen goes', () => {
  const limiter = createRateLimiter({ perSecond: 1, burst: 2 }, 50);
  for (let i = 0; i < 10_000; i++) limiter.take(`ip:${i}`, i);
  assert.ok(limiter.size() <= 50, `tracked ${limiter.size()}`);
  // A busy key kept in use survives a stream of new keys that push others out.
  const busy = createRateLimiter({ perSecond: 0.001, burst: 1 }, 10);
  busy.take('busy', 0);
  for (let i = 0; i < 100; i++) {
    busy.take(`new:${i}`, i);
    assert.equal(busy.take('busy', i).ok, false, 'the busy key was forgotten (and its bucket refilled)');
  }
  // Idle clients whose buckets have refilled are dropped as new ones arrive, well before the cap.
  const idle = createRateLimiter({ perSecond: 1000, burst: 5 }, 1_000_000);
  for (let i = 0; i < 1000; i++) idle.take(`k:${i}`, i * 10);
  assert.ok(idle.size() < 10, `tracked ${idle.size()}`);
});

test('burst 0 turns a rule off', () => {
  const limiter = createRateLimiter({ perSecond: 0, burst: 0 }, 10);
  for (let i = 0; i < 1000; i++) assert.equal(limiter.take('a', 0).ok, true);
  assert.equal(limiter.size(), 0);
});

test('client keys: IPv4 (also IPv6-mapped) as is, IPv6 by its /64, loopback recognized', () => {
  assert.deepEqual(clientKeyOf('203.0.113.7'), { key: 'ip:203.0.113.7', loopback: false });
  assert.deepEqual(clientKeyOf('::ffff:203.0.113.7'), { key: 'ip:203.0.113.7', loopback: false });
  assert.deepEqual(clientKeyOf('127.0.0.2'), { key: 'ip:127.0.0.2', loopback: true });
  assert.deepEqual(clientKeyOf('::1'), { key: 'ip:::1', loopback: true });
  const a = clientKeyOf('2001:db8:0:1:aaaa::1');
  const b = clientKeyOf('2001:0db8:0000:0001:ffff:1:2:3');
  assert.equal(a.key, 'ip:2001:db8:0:1::/64');
  assert.equal(b.key, a.key);
  assert.notEqual(clientKeyOf('2001:db8:0:2::1').key, a.key);
  assert.equal(clientKeyOf(undefined).key, 'ip:unknown');
});

test('limits: defaults, flags over them, and the report schema', () => {
  const d = resolveLimits();
  assert.deepEqual(d.rate.worker, DEFAULT_RATE_LIMITS.worker);
  assert.equal(d.rate.loopback, false);
  const l = resolveLimits(limitOptionsOf({ 'worker-rate': '2', 'ip-burst': '5', 'limit-loopback': true, 'headers-timeout': '500' }));
  assert.deepEqual(l.rate.worker, { perSecond: 2, burst: 200 });
  assert.deepEqual(l.rate.ip, { perSecond: 200, burst: 5 });
  assert.equal(l.rate.loopback, true);
  assert.equal(l.timeouts.headersMs, 500);
  assert.equal(l.timeouts.requestMs, 120_000);
  assert.throws(() => limitOptionsOf({ 'ip-rate': 'fast' }), /--ip-rate: expected a number/);
  assert.ok(zServiceLimits.safeParse({ body: { json: 65536 }, rate: { ...l.rate, worker: undefined }, timeouts: l.timeouts }).success);
});
