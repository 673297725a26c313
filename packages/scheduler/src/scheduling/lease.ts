import { type Refusal, type Step, defineMachine, rows, step } from './machine.ts';

/**
 * A lease: one worker's claim on one batch. `none` is a lease not yet granted. A lease that ends
 * `expired` or (retryably) `failed` may be granted to the same worker again (same row, same id).
 * `pushUnverified`, `contributionUnverified` and `revealUnverified`: the worker reported a
 * transaction the chain does not show yet (decision 015); `forged`: its report was contradicted by
 * the chain, or never borne out within the TTL (the worker gets no more leases of the deal).
 */
export const LEASE_STATES = [
  'none',
  'active',
  'reported',
  'contributed',
  'revealed',
  'done',
  'expired',
  'failed',
  'rejected',
  'pushUnverified',
  'contributionUnverified',
  'revealUnverified',
  'forged',
] as const;
export type LeaseState = (typeof LEASE_STATES)[number];
/** The states a stored lease is in. */
export type LeaseStatus = Exclude<LeaseState, 'none'>;
/** Leases whose worker still works on the batch: heartbeats extend them, the TTL expires them. */
export const ACTIVE_LEASE_STATES = ['active', 'reported', 'contributed'] as const satisfies readonly LeaseStatus[];
/**
 * A transaction reported but not yet seen on chain: live (its batch is not leased again) until the
 * TTL set when it was reported, which heartbeats do not extend; then the chain decides.
 */
export const UNVERIFIED_LEASE_STATES = [
  'pushUnverified',
  'contributionUnverified',
  'revealUnverified',
] as const satisfies readonly LeaseStatus[];
/** Leases that count towards a batch's replicas. */
export const LIVE_LEASE_STATES = [
  'active',
  'reported',
  'contributed',
  'revealed',
  'done',
  ...UNVERIFIED_LEASE_STATES,
] as const satisfies readonly LeaseStatus[];
/** What a worker says it did on chain (`POST /v1/leases/:id/done`'s phase). */
export type ChainPhase = 'pushed' | 'contributed' | 'revealed';
/** The event of a phase whose transaction the chain does not show yet, and the phase of each unverified state. */
export const UNSEEN_EVENT = { pushed: 'pushedUnseen', contributed: 'contributedUnseen', revealed: 'revealedUnseen' } as const;
export const PHASE_OF_UNVERIFIED = {
  pushUnverified: 'pushed',
  contributionUnverified: 'contributed',
  revealUnverified: 'revealed',
} as const satisfies Record<(typeof UNVERIFIED_LEASE_STATES)[number], ChainPhase>;

export const LEASE_EVENTS = [
  'grant',
  'report',
  'pushed',
  'contributed',
  'revealed',
  'fail',
  'reject',
  'expire',
  'finalize',
  'drop',
  'pushedUnseen',
  'contributedUnseen',
  'revealedUnseen',
  'refute',
] as const;
export type LeaseEventType = (typeof LEASE_EVENTS)[number];
/**
 * grant: the scheduler hands the batch out. report: the worker reports its digests. pushed /
 * contributed / revealed: the worker says what it did on chain. fail: it failed (deterministic:
 * the app would fail the same way anywhere). reject: a reopened batch rejected its contribution.
 * expire: no heartbeat for a TTL. finalize: the batch was finalized with this lease's root. drop:
 * the chain says its contribution was rejected (looked up after a reopen). `pushed`, `contributed`
 * and `revealed` are raised only once the reported transaction's receipt shows its effect;
 * pushedUnseen / contributedUnseen / revealedUnseen: the reported transaction is not found (yet).
 * refute: the chain contradicts the report (wrong sender or contract, reverted, another batch or
 * root), or an unverified report was still not borne out at its TTL.
 */
export type LeaseEvent = { type: 'fail'; deterministic: boolean } | { type: Exclude<LeaseEventType, 'fail'> };

export type LeaseEffect =
  /** Read the batch's status on chain and move it along. */
  | { type: 'syncBatch' }
  /** Count the batch's deterministic failures (enough fail the batch). */
  | { type: 'checkFailures' }
  /** The worker finished a batch (its `done` count). */
  | { type: 'credit' }
  /** The batch goes back to pending when no live lease is left on it. */
  | { type: 'release' }
  /** A worker or a batch is free: hand out work now rather than at the next tick. */
  | { type: 'wake' };

export const LEASE_TRANSITIONS = rows<LeaseState, LeaseEventType>({
  grant: [
    ['none', 'active'],
    ['expired', 'active'],
    ['failed', 'active'],
  ],
  report: [
    ['active', 'reported'],
    ['reported', 'reported'],
  ],
  // A worker may finish on chain after its lease expired (its answer still counts), and says so again after a lost answer.
  pushed: [
    ['active', 'done'],
    ['reported', 'done'],
    ['expired', 'done'],
    ['done', 'done'],
    ['pushUnverified', 'done'],
  ],
  contributed: [
    ['active', 'contributed'],
    ['reported', 'contributed'],
    ['expired', 'contributed'],
    ['contributed', 'contributed'],
    ['contributionUnverified', 'contributed'],
  ],
  revealed: [
    ['contributed', 'revealed'],
    ['expired', 'revealed'],
    ['revealed', 'revealed'],
    ['done', 'done'],
    ['revealUnverified', 'revealed'],
  ],
  fail: [
    ['active', 'failed'],
    ['reported', 'failed'],
    ['contributed', 'failed'],
    ['expired', 'failed'],
    ['failed', 'failed'],
  ],
  reject: [
    ['active', 'rejected'],
    ['reported', 'rejected'],
    ['contributed', 'rejected'],
    ['expired', 'rejected'],
    ['failed', 'rejected'],
    ['rejected', 'rejected'],
    ['contributionUnverified', 'rejected'],
  ],
  expire: [
    ['active', 'expired'],
    ['reported', 'expired'],
    ['contributed', 'expired'],
  ],
  finalize: [
    ['active', 'done'],
    ['reported', 'done'],
    ['contributed', 'done'],
    ['revealed', 'done'],
  ],
  drop: [
    ['contributed', 'rejected'],
    ['expired', 'rejected'],
  ],
  // A transaction reported but not found (yet: it may be pending): the lease stays live until its TTL.
  pushedUnseen: [
    ['active', 'pushUnverified'],
    ['reported', 'pushUnverified'],
    ['expired', 'pushUnverified'],
    ['pushUnverified', 'pushUnverified'],
  ],
  contributedUnseen: [
    ['active', 'contributionUnverified'],
    ['reported', 'contributionUnverified'],
    ['expired', 'contributionUnverified'],
    ['contributionUnverified', 'contributionUnverified'],
  ],
  revealedUnseen: [
    ['contributed', 'revealUnverified'],
    ['expired', 'revealUnverified'],
    ['revealUnverified', 'revealUnverified'],
  ],
  // A report the chain contradicts, or does not bear out by the TTL: the batch goes back to the pool.
  // A lease already verified done or revealed keeps that state (the report alone is refused).
  refute: [
    ['active', 'forged'],
    ['reported', 'forged'],
    ['contributed', 'forged'],
    ['expired', 'forged'],
    ['pushUnverified', 'forged'],
    ['contributionUnverified', 'forged'],
    ['revealUnverified', 'forged'],
  ],
});

export const leaseMachine = defineMachine('lease', LEASE_STATES, LEASE_EVENTS, LEASE_TRANSITIONS);

/** Leases still on their batch's work, not yet done: those a `finalize` applies to (read from the table). */
export const UNFINISHED_LEASE_STATES: readonly LeaseState[] = LEASE_TRANSITIONS.filter((t) => t.event === 'finalize').map((t) => t.from);

function effectsOf(e: LeaseEvent): LeaseEffect[] {
  switch (e.type) {
    case 'pushed':
    case 'revealed':
      return [{ type: 'credit' }, { type: 'syncBatch' }, { type: 'wake' }];
    case 'contributed':
      return [{ type: 'syncBatch' }];
    case 'fail':
      return e.deterministic ? [{ type: 'checkFailures' }, { type: 'wake' }] : [{ type: 'syncBatch' }, { type: 'wake' }];
    case 'reject':
      return [{ type: 'wake' }];
    case 'expire':
    case 'refute':
      return [{ type: 'syncBatch' }, { type: 'release' }, { type: 'wake' }];
    default:
      return [];
  }
}

/** The lease lifecycle: `(state, event) -> { state, effects }`, or a refusal. */
export function reduceLease(state: LeaseState, event: LeaseEvent): Step<LeaseState, LeaseEffect> | Refusal<LeaseState, LeaseEventType> {
  return step(leaseMachine, state, event.type, () => effectsOf(event));
}
