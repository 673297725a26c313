import type { BatchStatusName, ContributionStatusName } from '@proofgrid/sdk';
import type { Hex } from 'viem';

/**
 * The reveal lifecycle of one contribution of this worker to a replicated batch, from the moment
 * its salt is journaled to the moment it leaves the journal. Pure: `(state, event) -> { state,
 * effects }`, no I/O and no clock (events carry the time). The chain is the only source of truth:
 * events are what the chain said (the batch's status, this worker's contribution status) and what
 * became of a reveal transaction.
 *
 * waiting: contributed (or journaled, about to be), the batch not agreed yet. revealing: the
 * batch agreed, the reveal is being sent. revealLost / revealReverted: the reveal failed on the
 * way (network) or was refused by the chain; the contribution's status decides what it meant.
 * Terminal: revealed, rejected (a reopened batch rejected it), refused (not the agreed result, or
 * never contributed), abandoned (journaled but never sent), closed (the batch ended without it).
 */
export const REVEAL_STATES = [
  'waiting',
  'revealing',
  'revealLost',
  'revealReverted',
  'revealed',
  'rejected',
  'refused',
  'abandoned',
  'closed',
] as const;
export type RevealPhase = (typeof REVEAL_STATES)[number];
export const TERMINAL_REVEAL_STATES = ['revealed', 'rejected', 'refused', 'abandoned', 'closed'] as const satisfies readonly RevealPhase[];

/**
 * The table's events, each a fact classified from an observation (see `classify`):
 * batchOpen / batchRevealing / batchClosed: the batch's status on chain (Active or None /
 * Revealing / anything after). contributionStanding / Revealed / Rejected / Absent: this worker's
 * contribution status; contributionLost: absent, never seen on chain, journaled 10 minutes ago or more.
 * readFailed: the chain could not be read. revealSent / revealFailed / revealReverted: the reveal
 * transaction was mined / failed on the way / was refused by the chain.
 */
export const REVEAL_EVENTS = [
  'batchOpen',
  'batchRevealing',
  'batchClosed',
  'contributionStanding',
  'contributionRevealed',
  'contributionRejected',
  'contributionAbsent',
  'contributionLost',
  'readFailed',
  'revealSent',
  'revealFailed',
  'revealReverted',
] as const;
export type RevealEventType = (typeof REVEAL_EVENTS)[number];

export type RevealTransition = { readonly from: RevealPhase; readonly event: RevealEventType; readonly to: RevealPhase };

const t = (from: RevealPhase, event: RevealEventType, to: RevealPhase): RevealTransition => ({ from, event, to });
/** Every legal transition; any other (phase, event) is refused. */
export const REVEAL_TRANSITIONS: readonly RevealTransition[] = [
  t('waiting', 'batchOpen', 'waiting'),
  t('waiting', 'batchRevealing', 'revealing'),
  t('waiting', 'batchClosed', 'closed'),
  t('waiting', 'contributionStanding', 'waiting'),
  t('waiting', 'contributionRevealed', 'waiting'),
  t('waiting', 'contributionAbsent', 'waiting'),
  t('waiting', 'contributionLost', 'abandoned'),
  t('waiting', 'contributionRejected', 'rejected'),
  t('waiting', 'readFailed', 'waiting'),
  t('revealing', 'revealSent', 'revealed'),
  t('revealing', 'revealFailed', 'revealLost'),
  t('revealing', 'revealReverted', 'revealReverted'),
  t('revealLost', 'contributionStanding', 'waiting'),
  t('revealLost', 'contributionRevealed', 'revealed'),
  t('revealLost', 'contributionRejected', 'rejected'),
  t('revealLost', 'contributionAbsent', 'refused'),
  t('revealLost', 'contributionLost', 'refused'),
  t('revealLost', 'readFailed', 'waiting'),
  t('revealReverted', 'contributionStanding', 'refused'),
  t('revealReverted', 'contributionRevealed', 'revealed'),
  t('revealReverted', 'contributionRejected', 'rejected'),
  t('revealReverted', 'contributionAbsent', 'refused'),
  t('revealReverted', 'contributionLost', 'refused'),
  t('revealReverted', 'readFailed', 'waiting'),
];

/** How long a journaled contribution never seen on chain is looked for (a process killed before sending it). */
export const LOST_AFTER_MS = 600_000;
/** How often, while the batch is open, this worker's own contribution is read. */
export const CHECK_EVERY_MS = 2_000;

export type RevealFailure = { code: string; message: string };
export type RevealState = {
  phase: RevealPhase;
  /** Whether the contribution was seen on chain (its transaction mined, or the chain says so). */
  onChain: boolean;
  /** When the salt was journaled (ms). */
  since: number;
  /** When this worker's contribution status was last read (ms; 0: never). */
  checkedAt: number;
  /** Why the last reveal failed (revealLost, revealReverted). */
  failure?: RevealFailure;
};

/** What the chain said, or what became of a reveal: the reducer's input. */
export type RevealObservation =
  | { type: 'batch'; status: BatchStatusName; now: number }
  | { type: 'contribution'; status: ContributionStatusName; now: number }
  | { type: 'readFailed' }
  | { type: 'revealSent'; tx: Hex }
  | { type: 'revealFailed'; failure: RevealFailure; reverted: boolean };

export type RevealEffect =
  /** Read this worker's contribution status; answer with a `contribution` or `readFailed` observation. */
  | { type: 'readContribution' }
  /** Send the reveal; answer with `revealSent` or `revealFailed`. */
  | { type: 'sendReveal' }
  /** Journal that the contribution is on chain (its lease is then listed in heartbeats). */
  | { type: 'markContributed' }
  /** Count the reveal and tell the scheduler (`tx` unknown: look up this worker's BatchRevealed event). */
  | { type: 'reportRevealed'; tx?: Hex }
  /** Tell the scheduler a reopened batch rejected the contribution (never lease it to this worker again). */
  | { type: 'reportRejected' }
  /** Tell the scheduler the reveal was refused. */
  | { type: 'reportRefused'; failure: RevealFailure }
  /** Remove the contribution from the journal. */
  | { type: 'forget' };

export type RevealStep = { ok: true; state: RevealState; effects: RevealEffect[] };
export type RevealRefusal = { ok: false; code: 'IllegalTransition'; from: RevealPhase; event: RevealEventType; message: string };

const rowOf = new Map(REVEAL_TRANSITIONS.map((r) => [`${r.from} ${r.event}`, r.to]));

/** The table event an observation is, in a state. */
export function classify(state: RevealState, o: RevealObservation): RevealEventType {
  switch (o.type) {
    case 'batch':
      if (o.status === 'Active' || o.status === 'None') return 'batchOpen';
      return o.status === 'Revealing' ? 'batchRevealing' : 'batchClosed';
    case 'contribution':
      if (o.status === 'Contributed') return 'contributionStanding';
      if (o.status === 'Revealed') return 'contributionRevealed';
      if (o.status === 'Rejected') return 'contributionRejected';
      return !state.onChain && o.now - state.since >= LOST_AFTER_MS ? 'contributionLost' : 'contributionAbsent';
    case 'readFailed':
    case 'revealSent':
      return o.type;
    case 'revealFailed':
      return o.reverted ? 'revealReverted' : 'revealFailed';
  }
}

/** One step of the reveal lifecycle, or the refusal of an event the state has no transition for. */
export function reduceReveal(state: RevealState, o: RevealObservation): RevealStep | RevealRefusal {
  const event = classify(state, o);
  const to = rowOf.get(`${state.phase} ${event}`);
  if (to === undefined)
    return {
      ok: false,
      code: 'IllegalTransition',
      from: state.phase,
      event,
      message: `reveal: no transition from '${state.phase}' on '${event}'`,
    };
  const next: RevealState = { ...state, phase: to };
  const effects: RevealEffect[] = [];
  const end = (...fx: RevealEffect[]) => effects.push(...fx, { type: 'forget' });
  switch (event) {
    case 'batchOpen':
      // While the batch is open, read this worker's own contribution now and then: one whose answer
      // was lost may have landed, and a reopened batch rejects the agreed contributions for good.
      if (o.type === 'batch' && o.now - state.checkedAt >= CHECK_EVERY_MS) {
        next.checkedAt = o.now;
        effects.push({ type: 'readContribution' });
      }
      break;
    case 'batchRevealing':
      effects.push({ type: 'sendReveal' });
      break;
    case 'contributionStanding':
    case 'contributionRevealed':
      if (to === 'waiting' && !state.onChain) {
        next.onChain = true;
        effects.push({ type: 'markContributed' });
      } else if (to === 'revealed') end({ type: 'reportRevealed' });
      else if (to === 'refused') end({ type: 'reportRefused', failure: failureOf(state) });
      break;
    case 'contributionRejected':
      end({ type: 'reportRejected' });
      break;
    case 'contributionAbsent':
    case 'contributionLost':
      if (to === 'refused') end({ type: 'reportRefused', failure: failureOf(state) });
      else if (to === 'abandoned') end();
      break;
    case 'batchClosed':
      end();
      break;
    case 'revealSent':
      if (o.type === 'revealSent') end({ type: 'reportRevealed', tx: o.tx });
      break;
    case 'revealFailed':
    case 'revealReverted':
      if (o.type === 'revealFailed') next.failure = o.failure;
      effects.push({ type: 'readContribution' });
      break;
    case 'readFailed':
      break;
  }
  if (to === 'waiting') delete next.failure;
  return { ok: true, state: next, effects };
}

const failureOf = (s: RevealState): RevealFailure => s.failure ?? { code: 'RevealRefused', message: 'the reveal was refused' };

/** The state of a contribution read back from the journal. */
export const initialRevealState = (entry: { contributed: boolean; since: number }): RevealState => ({
  phase: 'waiting',
  onChain: entry.contributed,
  since: entry.since,
  checkedAt: 0,
});
