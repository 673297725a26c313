import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CHECK_EVERY_MS,
  LOST_AFTER_MS,
  REVEAL_EVENTS,
  REVEAL_STATES,
  REVEAL_TRANSITIONS,
  type RevealEffect,
  type RevealEventType,
  type RevealObservation,
  type RevealPhase,
  type RevealState,
  classify,
  initialRevealState,
  reduceReveal,
} from './reducer.ts';

const TX = `0x${'ab'.repeat(32)}` as const;
const failure = { code: 'ContributionNotFound', message: 'not the agreed result' };
const stateIn = (phase: RevealPhase, over: Partial<RevealState> = {}): RevealState => ({
  phase,
  onChain: false,
  since: 0,
  checkedAt: 0,
  ...(phase === 'revealLost' || phase === 'revealReverted' ? { failure } : {}),
  ...over,
});

/** An observation the reducer classifies as `event` in state `s`. */
function observation(event: RevealEventType, s: RevealState): RevealObservation {
  const young = s.since + 1_000;
  switch (event) {
    case 'batchOpen':
      return { type: 'batch', status: 'Active', now: s.checkedAt + CHECK_EVERY_MS };
    case 'batchRevealing':
      return { type: 'batch', status: 'Revealing', now: young };
    case 'batchClosed':
      return { type: 'batch', status: 'Finalized', now: young };
    case 'contributionStanding':
      return { type: 'contribution', status: 'Contributed', now: young };
    case 'contributionRevealed':
      return { type: 'contribution', status: 'Revealed', now: young };
    case 'contributionRejected':
      return { type: 'contribution', status: 'Rejected', now: young };
    case 'contributionAbsent':
      return { type: 'contribution', status: 'None', now: young };
    case 'contributionLost':
      return { type: 'contribution', status: 'None', now: s.since + LOST_AFTER_MS };
    case 'readFailed':
      return { type: 'readFailed' };
    case 'revealSent':
      return { type: 'revealSent', tx: TX };
    case 'revealFailed':
      return { type: 'revealFailed', failure, reverted: false };
    case 'revealReverted':
      return { type: 'revealFailed', failure, reverted: true };
  }
}

const forget: RevealEffect = { type: 'forget' };
const refused: RevealEffect[] = [{ type: 'reportRefused', failure }, forget];
/** Every legal transition and the effects it must have (from a state not yet seen on chain). */
const expected: [RevealPhase, RevealEventType, RevealPhase, RevealEffect[]][] = [
  ['waiting', 'batchOpen', 'waiting', [{ type: 'readContribution' }]],
  ['waiting', 'batchRevealing', 'revealing', [{ type: 'sendReveal' }]],
  ['waiting', 'batchClosed', 'closed', [forget]],
  ['waiting', 'contributionStanding', 'waiting', [{ type: 'markContributed' }]],
  ['waiting', 'contributionRevealed', 'waiting', [{ type: 'markContributed' }]],
  ['waiting', 'contributionAbsent', 'waiting', []],
  ['waiting', 'contributionLost', 'abandoned', [forget]],
  ['waiting', 'contributionRejected', 'rejected', [{ type: 'reportRejected' }, forget]],
  ['waiting', 'readFailed', 'waiting', []],
  ['revealing', 'revealSent', 'revealed', [{ type: 'reportRevealed', tx: TX }, forget]],
  ['revealing', 'revealFailed', 'revealLost', [{ type: 'readContribution' }]],
  ['revealing', 'revealReverted', 'revealReverted', [{ type: 'readContribution' }]],
  ['revealLost', 'contributionStanding', 'waiting', [{ type: 'markContributed' }]],
  ['revealLost', 'contributionRevealed', 'revealed', [{ type: 'reportRevealed' }, forget]],
  ['revealLost', 'contributionRejected', 'rejected', [{ type: 'reportRejected' }, forget]],
  ['revealLost', 'contributionAbsent', 'refused', refused],
  ['revealLost', 'contributionLost', 'refused', refused],
  ['revealLost', 'readFailed', 'waiting', []],
  ['revealReverted', 'contributionStanding', 'refused', refused],
  ['revealReverted', 'contributionRevealed', 'revealed', [{ type: 'reportRevealed' }, forget]],
  ['revealReverted', 'contributionRejected', 'rejected', [{ type: 'reportRejected' }, forget]],
  ['revealReverted', 'contributionAbsent', 'refused', refused],
  ['revealReverted', 'contributionLost', 'refused', refused],
  ['revealReverted', 'readFailed', 'waiting', []],
];

describe('reveal lifecycle: every transition of the table', () => {
  test('the table is exactly the transitions tested here', () => {
    const key = (from: string, event: string, to: string) => `${from} ${event} ${to}`;
    assert.deepEqual(REVEAL_TRANSITIONS.map((r) => key(r.from, r.event, r.to)).sort(), expected.map(([f, e, t]) => key(f, e, t)).sort());
  });
  for (const [from, event, to, effects] of expected) {
    test(`${from} --${event}--> ${to}`, () => {
      const s = stateIn(from);
      const o = observation(event, s);
      assert.equal(classify(s, o), event);
      const r = reduceReveal(s, o);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.state.phase, to);
      assert.deepEqual(r.effects, effects);
      if (to === 'waiting') assert.equal(r.state.failure, undefined, 'a failure is not carried back to waiting');
    });
  }
});

describe('reveal lifecycle: every illegal (state, event) is refused', () => {
  const legal = new Set(REVEAL_TRANSITIONS.map((r) => `${r.from} ${r.event}`));
  for (const from of REVEAL_STATES) {
    for (const event of REVEAL_EVENTS) {
      if (legal.has(`${from} ${event}`)) continue;
      test(`${from} refuses ${event}`, () => {
        const s = stateIn(from);
        const o = observation(event, s);
        assert.equal(classify(s, o), event);
        const r = reduceReveal(s, o);
        assert.equal(r.ok, false);
        assert.deepEqual(r.ok ? undefined : { code: r.code, from: r.from, event: r.event }, { code: 'IllegalTransition', from, event });
      });
    }
  }
});

describe('reveal lifecycle: guards', () => {
  test('while the batch is open, the own contribution is read at most every 2 s', () => {
    const s = stateIn('waiting', { checkedAt: 10_000 });
    const soon = reduceReveal(s, { type: 'batch', status: 'None', now: 10_000 + CHECK_EVERY_MS - 1 });
    assert.ok(soon.ok);
    assert.deepEqual(soon.effects, []);
    assert.equal(soon.state.checkedAt, 10_000);
    const later = reduceReveal(s, { type: 'batch', status: 'Active', now: 10_000 + CHECK_EVERY_MS });
    assert.ok(later.ok);
    assert.deepEqual(later.effects, [{ type: 'readContribution' }]);
    assert.equal(later.state.checkedAt, 10_000 + CHECK_EVERY_MS);
  });

  test('a contribution seen on chain is journaled once, and is never given up as lost', () => {
    const seen = reduceReveal(stateIn('waiting'), { type: 'contribution', status: 'Contributed', now: 1 });
    assert.ok(seen.ok && seen.state.onChain);
    const again = reduceReveal(seen.state, { type: 'contribution', status: 'Contributed', now: 2 });
    assert.ok(again.ok);
    assert.deepEqual(again.effects, []);
    const absent = reduceReveal(seen.state, { type: 'contribution', status: 'None', now: LOST_AFTER_MS * 2 });
    assert.ok(absent.ok);
    assert.equal(absent.state.phase, 'waiting');
  });

  test('a journal entry starts waiting, on chain when its contribution was mined', () => {
    assert.deepEqual(initialRevealState({ contributed: true, since: 5 }), { phase: 'waiting', onChain: true, since: 5, checkedAt: 0 });
    assert.equal(initialRevealState({ contributed: false, since: 5 }).onChain, false);
  });

  test("a reveal refused carries the chain's reason to the report", () => {
    const sent = reduceReveal(stateIn('revealing', { onChain: true }), { type: 'revealFailed', failure, reverted: true });
    assert.ok(sent.ok);
    const r = reduceReveal(sent.state, { type: 'contribution', status: 'Contributed', now: 1 });
    assert.ok(r.ok);
    assert.deepEqual(r.effects, refused);
  });
});
