import { type Refusal, type Step, defineMachine, rows, step } from './machine.ts';

/** A deal as this pool sees it: `none` before its DealMatched log is taken in. */
export const DEAL_STATES = ['none', 'running', 'completed', 'failed'] as const;
export type DealState = (typeof DEAL_STATES)[number];
export type DealStatus = Exclude<DealState, 'none'>;

export const DEAL_EVENTS = ['intake', 'refuse', 'complete', 'fail'] as const;
export type DealEventType = (typeof DEAL_EVENTS)[number];
/**
 * intake: its match was seen and its batches made. refuse: its terms cannot be run (invalid
 * params, a task list not in the content store). complete: every batch finalized. fail: every
 * batch ended, some claimed back or failed.
 */
export type DealEvent = { type: DealEventType };
/** Deals effect nothing: their batches do the work. */
export type DealEffect = never;

export const DEAL_TRANSITIONS = rows<DealState, DealEventType>({
  intake: [['none', 'running']],
  refuse: [['none', 'failed']],
  complete: [['running', 'completed']],
  fail: [['running', 'failed']],
});

export const dealMachine = defineMachine('deal', DEAL_STATES, DEAL_EVENTS, DEAL_TRANSITIONS);

/** The deal lifecycle: `(state, event) -> { state, effects }`, or a refusal. */
export function reduceDeal(state: DealState, event: DealEvent): Step<DealState, DealEffect> | Refusal<DealState, DealEventType> {
  return step(dealMachine, state, event.type, () => []);
}
