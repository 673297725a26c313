import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BATCH_EVENTS, BATCH_STATES, BATCH_TRANSITIONS, type BatchEvent, type BatchEventType, MAX_REPLICAS, reduceBatch } from './batch.ts';
import { DEAL_EVENTS, DEAL_STATES, DEAL_TRANSITIONS, reduceDeal } from './deal.ts';
import {
  ACTIVE_LEASE_STATES,
  LEASE_EVENTS,
  LEASE_STATES,
  LEASE_TRANSITIONS,
  LIVE_LEASE_STATES,
  type LeaseEvent,
  type LeaseEventType,
  PHASE_OF_UNVERIFIED,
  UNFINISHED_LEASE_STATES,
  UNSEEN_EVENT,
  UNVERIFIED_LEASE_STATES,
  reduceLease,
} from './lease.ts';
import type { Transition } from './machine.ts';
import { ANSWER_EVENTS, ANSWER_STATES, ANSWER_TRANSITIONS, reduceAnswer } from './answer.ts';

const ROOT = `0x${'ab'.repeat(32)}` as const;
const leaseEvent = (type: LeaseEventType): LeaseEvent => (type === 'fail' ? { type, deterministic: false } : { type });
const batchEvent = (type: BatchEventType): BatchEvent =>
  type === 'finalized'
    ? { type, root: ROOT }
    : type === 'revealing'
      ? { type, ready: true }
      : type === 'reopened'
        ? { type, own: false }
        : { type };

/** One test per row of the table, and one per (state, event) the table has no row for. */
function everyTransition<S extends string, E extends string>(
  name: string,
  states: readonly S[],
  events: readonly E[],
  table: readonly Transition<S, E>[],
  reduce: (s: S, e: E) => { ok: boolean; state?: unknown; code?: string },
) {
  describe(`${name} lifecycle`, () => {
    for (const t of table) {
      test(`${t.from} --${t.event}--> ${t.to}`, () => {
        const r = reduce(t.from, t.event);
        assert.equal(r.ok, true);
        assert.equal(r.state, t.to);
      });
    }
    for (const from of states) {
      for (const event of events) {
        if (table.some((t) => t.from === from && t.event === event)) continue;
        test(`${from} --${event}--> refused`, () => {
          const r = reduce(from, event);
          assert.equal(r.ok, false);
          assert.equal(r.code, 'IllegalTransition');
        });
      }
    }
  });
}

everyTransition('lease', LEASE_STATES, LEASE_EVENTS, LEASE_TRANSITIONS, (s, e) => {
  const r = reduceLease(s, leaseEvent(e));
  return r.ok ? { ok: true, state: r.state } : r;
});
everyTransition('batch', BATCH_STATES, BATCH_EVENTS, BATCH_TRANSITIONS, (s, e) => {
  const r = reduceBatch({ status: s, replicas: 1 }, batchEvent(e));
  return r.ok ? { ok: true, state: r.state.status } : r;
});
everyTransition('deal', DEAL_STATES, DEAL_EVENTS, DEAL_TRANSITIONS, (s, e) => {
  const r = reduceDeal(s, { type: e });
  return r.ok ? { ok: true, state: r.state } : r;
});

everyTransition('answer', ANSWER_STATES, ANSWER_EVENTS, ANSWER_TRANSITIONS, (s, e) => {
  const r = reduceAnswer(s, { type: e });
  return r.ok ? { ok: true, state: r.state } : r;
});

describe('answer effects (optimistic tasks)', () => {
  test('the first sight of an answer marks its batch answered; a payable answer is finalized', () => {
    const r = reduceAnswer('unanswered', { type: 'payable' });
    assert.ok(r.ok);
    assert.deepEqual(r.effects, [{ type: 'batchAnswered' }, { type: 'finalize' }]);
  });
  test('a challenged answer resolves the games that ended; paid or refunded ends its batch', () => {
    const c = reduceAnswer('answered', { type: 'challenged' });
    assert.ok(c.ok);
    assert.deepEqual(c.effects, [{ type: 'resolveEnded' }]);
    const f = reduceAnswer('payable', { type: 'finalized' });
    assert.ok(f.ok);
    assert.deepEqual(f.effects, [{ type: 'batchEnded', paid: true }]);
    const o = reduceAnswer('disputed', { type: 'refunded' });
    assert.ok(o.ok);
    assert.deepEqual(o.effects, [{ type: 'batchEnded', paid: false }]);
  });
  test('a finalized answer takes no further event', () => {
    for (const type of ANSWER_EVENTS) assert.equal(reduceAnswer('finalized', { type }).ok, false);
  });
});

describe('lifecycle effects', () => {
  test('a deterministic failure counts the batch failures; a retryable one looks at the chain', () => {
    const det = reduceLease('active', { type: 'fail', deterministic: true });
    const retry = reduceLease('active', { type: 'fail', deterministic: false });
    assert.ok(det.ok && retry.ok);
    assert.deepEqual(det.effects, [{ type: 'checkFailures' }, { type: 'wake' }]);
    assert.deepEqual(retry.effects, [{ type: 'syncBatch' }, { type: 'wake' }]);
  });
  test('an expired lease releases its batch and wakes the engine', () => {
    const r = reduceLease('reported', { type: 'expire' });
    assert.ok(r.ok);
    assert.deepEqual(
      r.effects.map((e) => e.type),
      ['syncBatch', 'release', 'wake'],
    );
  });
  test('a report the chain refutes (or never bears out) releases the batch like an expiry', () => {
    for (const from of ['active', 'reported', 'contributed', 'expired', ...UNVERIFIED_LEASE_STATES] as const) {
      const r = reduceLease(from, { type: 'refute' });
      assert.ok(r.ok, from);
      assert.equal(r.state, 'forged');
      assert.deepEqual(
        r.effects.map((e) => e.type),
        ['syncBatch', 'release', 'wake'],
      );
    }
    assert.equal(reduceLease('done', { type: 'refute' }).ok, false, 'a lease verified done stays done');
    assert.equal(reduceLease('revealed', { type: 'refute' }).ok, false, 'a lease verified revealed stays revealed');
  });
  test('a forged lease is terminal: never granted again, takes no report', () => {
    for (const event of LEASE_EVENTS) assert.equal(reduceLease('forged', leaseEvent(event)).ok, false, event);
  });
  test('an unverified report does nothing yet; its phase, once seen, does what the phase does', () => {
    for (const [state, phase] of Object.entries(PHASE_OF_UNVERIFIED) as [keyof typeof PHASE_OF_UNVERIFIED, keyof typeof UNSEEN_EVENT][]) {
      const unseen = reduceLease(state, { type: UNSEEN_EVENT[phase] });
      assert.ok(unseen.ok);
      assert.equal(unseen.state, state, `${UNSEEN_EVENT[phase]} leads to ${state}`);
      assert.deepEqual(unseen.effects, []);
      const seen = reduceLease(state, { type: phase });
      const direct = reduceLease(phase === 'revealed' ? 'contributed' : 'reported', { type: phase });
      assert.ok(seen.ok && direct.ok);
      assert.equal(seen.state, direct.state);
      assert.deepEqual(seen.effects, direct.effects);
    }
    // A phase is unverified only from where the phase itself is legal: no reveal claimed before a contribution.
    assert.equal(reduceLease('active', { type: 'revealedUnseen' }).ok, false);
    assert.equal(reduceLease('pushUnverified', { type: 'contributed' }).ok, false);
  });
  test('unverified leases hold their batch (live) but heartbeats do not extend them (not active), and a finalize leaves them to the chain', () => {
    for (const s of UNVERIFIED_LEASE_STATES) {
      assert.ok((LIVE_LEASE_STATES as readonly string[]).includes(s), s);
      assert.ok(!(ACTIVE_LEASE_STATES as readonly string[]).includes(s), s);
      assert.ok(!UNFINISHED_LEASE_STATES.includes(s), s);
    }
    assert.ok(!(LIVE_LEASE_STATES as readonly string[]).includes('forged'));
  });
  test('a revealing batch is finalized only when ready', () => {
    const ready = reduceBatch({ status: 'revealing', replicas: 3 }, { type: 'revealing', ready: true });
    const waiting = reduceBatch({ status: 'running', replicas: 3 }, { type: 'revealing', ready: false });
    assert.ok(ready.ok && waiting.ok);
    assert.deepEqual(ready.effects, [{ type: 'finalize' }]);
    assert.deepEqual(waiting.effects, []);
    assert.deepEqual(waiting.state, { status: 'revealing', replicas: 3 });
  });
  test("the scheduler's own reopen adds a replica; one seen on chain does not; both drop rejected leases", () => {
    const own = reduceBatch({ status: 'revealing', replicas: 3 }, { type: 'reopened', own: true });
    const seen = reduceBatch({ status: 'revealing', replicas: 3 }, { type: 'reopened', own: false });
    assert.ok(own.ok && seen.ok);
    assert.deepEqual(own.state, { status: 'running', replicas: 4 });
    assert.deepEqual(seen.state, { status: 'running', replicas: 3 });
    assert.deepEqual(own.effects, [{ type: 'dropRejected' }, { type: 'wake' }]);
  });
  test('a finalized batch marks the agreed leases done and checks its deal; a claimable one is claimed', () => {
    const fin = reduceBatch({ status: 'running', replicas: 1 }, { type: 'finalized', root: ROOT });
    const claim = reduceBatch({ status: 'failed', replicas: 1 }, { type: 'claimable' });
    assert.ok(fin.ok && claim.ok);
    assert.deepEqual(fin.effects, [{ type: 'leasesDone', root: ROOT }, { type: 'checkDeal' }]);
    assert.deepEqual(claim.effects, [{ type: 'claim' }, { type: 'checkDeal' }]);
  });
  test(`no more than ${MAX_REPLICAS} replicas`, () => {
    assert.equal(reduceBatch({ status: 'running', replicas: MAX_REPLICAS - 1 }, { type: 'addReplica' }).ok, true);
    const r = reduceBatch({ status: 'running', replicas: MAX_REPLICAS }, { type: 'addReplica' });
    assert.equal(r.ok, false);
  });
});
