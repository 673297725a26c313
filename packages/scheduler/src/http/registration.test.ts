// Registration over a one-time challenge (issue 14, defect 3; docs/decisions/014): a replayed
// registration, one the scheduler never challenged, and one signed for another pool, scheduler or
// chain are refused with their codes, and the worker's live session (its token) is untouched.
// A real store (SQLite in memory), the real HTTP app and real signatures; the chain is never reached.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type Challenge, registrationTypedData, zChallenge, zRegistered } from '@proofgrid/sdk/protocol';
import { type PrivateKeyAccount, generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createChallenges } from '../engine/challenges.ts';
import { createSchedulerHarness } from './testHarness.ts';

const hub = `0x${'4b'.repeat(20)}` as const;
const { app, store, engine, scheduler } = createSchedulerHarness({ name: 'scheduler-registration', hub, workerpool: 7n });

async function post(path: string, body: unknown, token = '') {
  const res = await app.fetch(
    new Request(`http://scheduler${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
}
const challenge = async () => zChallenge.parse((await post('/v1/workers/challenge', {})).json);
/** A registration body as a worker makes it: `c`'s fields, signed by `key` over `signed` (default: `c` itself). */
async function registration(worker: PrivateKeyAccount, c: Challenge, signed: Partial<Challenge> = {}, key = worker) {
  const s = { ...c, ...signed };
  const signature = await key.signTypedData(registrationTypedData({ ...s, worker: worker.address, workerpool: BigInt(s.workerpool) }));
  const { nonce, workerpool, scheduler: schedulerAddress, chainId } = s;
  return {
    address: worker.address,
    resources: { cpus: 1, memoryMb: 512 },
    nonce,
    workerpool,
    scheduler: schedulerAddress,
    chainId,
    signature,
  };
}
const heartbeat = (token: string) => post('/v1/workers/heartbeat', { leases: [] }, token);

describe('worker registration over a one-time challenge', () => {
  after(() => engine.stop());
  const worker = privateKeyToAccount(generatePrivateKey());

  test('a challenge names this scheduler: its pool, its address, the chain and hub, and a nonce that expires', async () => {
    const c = await challenge();
    assert.equal(c.workerpool, '7');
    assert.equal(c.scheduler, scheduler.address);
    assert.equal(c.chainId, 31337);
    assert.equal(c.hub, hub);
    assert.ok(c.expiresAt > Date.now() && c.expiresAt <= Date.now() + 120_000);
    assert.notEqual((await challenge()).nonce, c.nonce, 'a new nonce each time');
  });

  test('a replayed registration is refused (RegistrationReplayed) and the live session is untouched', async () => {
    const body = await registration(worker, await challenge());
    const first = await post('/v1/workers/register', body);
    assert.equal(first.status, 200);
    const { token } = zRegistered.parse(first.json);
    const replay = await post('/v1/workers/register', body);
    assert.equal(replay.status, 401);
    assert.equal(replay.json.error?.code, 'RegistrationReplayed');
    assert.equal((await heartbeat(token)).status, 200, 'the token the worker holds still works');
    assert.equal(store.workers.byToken(token)?.address, worker.address.toLowerCase());
    // A new challenge registers again (a new token replaces the old: the worker itself asked).
    const again = zRegistered.parse((await post('/v1/workers/register', await registration(worker, await challenge()))).json);
    assert.equal((await heartbeat(again.token)).status, 200);
    assert.equal((await heartbeat(token)).status, 401);
  });

  test('a nonce this scheduler never issued is refused (ChallengeUnknown)', async () => {
    const token = zRegistered.parse((await post('/v1/workers/register', await registration(worker, await challenge()))).json).token;
    const made = { ...(await challenge()), nonce: `0x${'ab'.repeat(32)}` as const };
    const r = await post('/v1/workers/register', await registration(worker, made));
    assert.equal(r.status, 401);
    assert.equal(r.json.error?.code, 'ChallengeUnknown');
    assert.equal((await heartbeat(token)).status, 200);
  });

  test('signed for another pool, scheduler or chain: refused (RegistrationMisdirected), and re-labelled: a bad signature', async () => {
    const token = zRegistered.parse((await post('/v1/workers/register', await registration(worker, await challenge()))).json).token;
    const others: Partial<Challenge>[] = [
      { workerpool: '8' },
      { scheduler: privateKeyToAccount(generatePrivateKey()).address },
      { chainId: 1 },
    ];
    for (const other of others) {
      const c = await challenge();
      const misdirected = await post('/v1/workers/register', await registration(worker, { ...c, ...other }));
      assert.equal(misdirected.status, 403, JSON.stringify(other));
      assert.equal(misdirected.json.error?.code, 'RegistrationMisdirected');
      // The same signature (made for the other scope) with this scheduler's fields: it does not verify.
      const relabelled = { ...(await registration(worker, c)), signature: (await registration(worker, c, other)).signature };
      const r = await post('/v1/workers/register', relabelled);
      assert.equal(r.status, 401, JSON.stringify(other));
      assert.equal(r.json.error?.code, 'WorkerSignatureInvalid');
    }
    const otherHub = await registration(worker, await challenge(), { hub: `0x${'4c'.repeat(20)}` });
    assert.equal((await post('/v1/workers/register', otherHub)).json.error?.code, 'WorkerSignatureInvalid', 'another hub');
    assert.equal((await heartbeat(token)).status, 200, 'the session survives every refusal');
  });

  test('a registration signed by another key is refused and does not burn the nonce', async () => {
    const c = await challenge();
    const forged = await registration(worker, c, {}, privateKeyToAccount(generatePrivateKey()));
    const r = await post('/v1/workers/register', forged);
    assert.equal(r.status, 401);
    assert.equal(r.json.error?.code, 'WorkerSignatureInvalid');
    assert.equal(
      (await post('/v1/workers/register', await registration(worker, c))).status,
      200,
      "the worker's own registration still works",
    );
  });
});

describe('challenge nonces', () => {
  test('single use, expire after their TTL, and at most `max` outstanding (the oldest forgotten)', () => {
    let t = 1_000;
    const ch = createChallenges({ ttlMs: 100, max: 3, now: () => t });
    const a = ch.issue();
    assert.equal(a.expiresAt, 1_100);
    assert.equal(ch.consume(a.nonce), 'ok');
    assert.equal(ch.consume(a.nonce), 'replayed');
    assert.equal(ch.consume(a.nonce.toUpperCase().replace('0X', '0x')), 'replayed', 'hex case does not matter');
    t = 1_050;
    const b = ch.issue();
    t = 1_101;
    assert.equal(ch.consume(a.nonce), 'unknown', 'expired');
    assert.equal(ch.consume(b.nonce), 'ok', 'issued later, still live');
    const more = [ch.issue(), ch.issue(), ch.issue(), ch.issue()];
    assert.ok(ch.size <= 3);
    assert.equal(ch.consume(more[0]!.nonce), 'unknown', 'the oldest was forgotten to make room');
    assert.equal(ch.consume(more[3]!.nonce), 'ok');
    t = 10_000;
    assert.equal(ch.size, 0, 'all expired');
  });
});
