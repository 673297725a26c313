import type { Hex } from 'viem';
import { type Refusal, type Step, defineMachine, rows, step } from './machine.ts';

/**
 * A batch: a run of a deal's tasks under one Merkle root. The scheduler's view of the contract's
 * BatchStatus: `pending` (no live lease), `running` (leased), `revealing` (the chain agreed and
 * waits for reveals), then `finalized` (result on chain) or `claimed` (refunded after the
 * deadline), or `failed` (the app fails deterministically on it; the chain may still end it).
 * `answered`: a one-task batch of an optimistic deal whose answer is on chain and waits for its
 * resolution (the answer lifecycle, answer.ts, follows it to `finalized` or, overturned, `claimed`).
 */
export const BATCH_STATES = ['pending', 'running', 'revealing', 'answered', 'finalized', 'claimed', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATES)[number];
/** Batches that still need the scheduler. */
export const OPEN_BATCH_STATES = ['pending', 'running', 'revealing', 'answered'] as const satisfies readonly BatchStatus[];

export const BATCH_EVENTS = [
  'leased',
  'released',
  'fail',
  'finalized',
  'claimable',
  'claimed',
  'revealing',
  'consensusNotMet',
  'reopened',
  'addReplica',
  'settle',
  'answered',
] as const;
export type BatchEventType = (typeof BATCH_EVENTS)[number];
/**
 * leased: a lease was granted. released: its last live lease expired. fail: enough deterministic
 * failures. finalized / claimable / claimed / revealing: what the chain says (claimable: past the
 * deadline, the scheduler claims it; revealing, `ready` when no live contributor still has to
 * reveal). consensusNotMet: finalize was refused for want of consensus. reopened: the batch is
 * active again on chain (`own`: this scheduler's reopen, one replica more). addReplica: every live
 * lease contributed without consensus. settle: its rollback window has passed. answered: an optimistic
 * task's answer is on chain (finalized / claimed follow when it is paid / refunded).
 */
export type BatchEvent =
  | { type: 'finalized'; root: Hex }
  | { type: 'revealing'; ready: boolean }
  | { type: 'reopened'; own: boolean }
  | { type: Exclude<BatchEventType, 'finalized' | 'revealing' | 'reopened'> };

export type BatchEffect =
  /** Chain transactions, sent through the one serial queue. */
  | { type: 'finalize' }
  | { type: 'reopen' }
  | { type: 'claim' }
  | { type: 'settle' }
  /** Leases that reported the agreed root are done. */
  | { type: 'leasesDone'; root: Hex }
  /** Leases whose contributions the reopen rejected are marked so (and never leased the batch again). */
  | { type: 'dropRejected' }
  /** The batch ended: the deal may have ended too. */
  | { type: 'checkDeal' }
  /** The batch wants workers: hand out work now. */
  | { type: 'wake' };

export type BatchState = { status: BatchStatus; replicas: number };

/** At most this many workers on one batch. */
export const MAX_REPLICAS = 20;

const UNENDED = ['pending', 'running', 'revealing', 'failed'] as const;
const to = <S extends string>(from: readonly S[], target: S) => from.map((s) => [s, target] as const);

export const BATCH_TRANSITIONS = rows<BatchStatus, BatchEventType>({
  leased: [
    ['pending', 'running'],
    ['running', 'running'],
  ],
  released: [['running', 'pending']],
  fail: [
    ['pending', 'failed'],
    ['running', 'failed'],
  ],
  finalized: [...to(UNENDED, 'finalized'), ['answered', 'finalized']],
  claimable: to(UNENDED, 'claimed'),
  claimed: [...to(UNENDED, 'claimed'), ['answered', 'claimed']],
  revealing: to(UNENDED, 'revealing'),
  consensusNotMet: [['revealing', 'revealing']],
  reopened: [['revealing', 'running']],
  addReplica: [
    ['pending', 'pending'],
    ['running', 'running'],
  ],
  settle: [['finalized', 'finalized']],
  answered: [
    ['pending', 'answered'],
    ['running', 'answered'],
    ['answered', 'answered'],
  ],
});

export const batchMachine = defineMachine('batch', BATCH_STATES, BATCH_EVENTS, BATCH_TRANSITIONS);

function effectsOf(e: BatchEvent): BatchEffect[] {
  switch (e.type) {
    case 'finalized':
      return [{ type: 'leasesDone', root: e.root }, { type: 'checkDeal' }];
    case 'claimable':
      return [{ type: 'claim' }, { type: 'checkDeal' }];
    case 'claimed':
    case 'fail':
      return [{ type: 'checkDeal' }];
    case 'revealing':
      return e.ready ? [{ type: 'finalize' }] : [];
    case 'consensusNotMet':
      return [{ type: 'reopen' }];
    case 'reopened':
      return [{ type: 'dropRejected' }, { type: 'wake' }];
    case 'released':
    case 'addReplica':
      return [{ type: 'wake' }];
    case 'settle':
      return [{ type: 'settle' }];
    default:
      return [];
  }
}

/** The batch lifecycle: `(state, event) -> { state, effects }`, or a refusal. */
export function reduceBatch(state: BatchState, event: BatchEvent): Step<BatchState, BatchEffect> | Refusal<BatchStatus, BatchEventType> {
  if (event.type === 'addReplica' && state.replicas >= MAX_REPLICAS) {
    return {
      ok: false,
      code: 'IllegalTransition',
      machine: 'batch',
      from: state.status,
      event: event.type,
      message: `batch: already ${MAX_REPLICAS} replicas`,
    };
  }
  const r = step(batchMachine, state.status, event.type, () => effectsOf(event));
  if (!r.ok) return r;
  const more = event.type === 'addReplica' || (event.type === 'reopened' && event.own);
  return { ok: true, state: { status: r.state, replicas: state.replicas + (more ? 1 : 0) }, effects: r.effects };
}
