import { type Refusal, type Step, defineMachine, rows, step } from './machine.ts';

/**
 * An optimistic task's answer (decision 026), as this pool follows it on chain: the hub's `Resolution`
 * (the Ethereum Computation Market's states) folded into what the scheduler acts on. `unanswered`
 * (Pending), `answered` (WaitingForResolution: one worker answered with its deposit, the window is
 * open), `disputed` (NeedsResolution / Resolving: a game is open against it), `payable` (SoftResolution
 * or FirmResolution upheld: the scheduler sends `finalizeAnswer`), then `finalized` (paid) or `refunded`
 * (overturned, the requester refunded).
 */
export const ANSWER_STATES = ['unanswered', 'answered', 'disputed', 'payable', 'finalized', 'refunded'] as const;
export type AnswerState = (typeof ANSWER_STATES)[number];
/** Answers the scheduler still follows on chain. */
export const OPEN_ANSWER_STATES = ['answered', 'disputed', 'payable'] as const satisfies readonly AnswerState[];

export const ANSWER_EVENTS = ['answered', 'challenged', 'upheld', 'payable', 'finalized', 'refunded'] as const;
export type AnswerEventType = (typeof ANSWER_EVENTS)[number];
/**
 * What the chain says of the task: answered (TaskAnswered; the window open, no game open), challenged
 * (a game is open against it), upheld (its games are over, none won by a challenger, the window still
 * open), payable (the window passed with no open game, or a game overturned it: finalizeAnswer is due),
 * finalized (AnswerFinalized, paid), refunded (AnswerFinalized, overturned).
 */
export type AnswerEvent = { type: AnswerEventType };

export type AnswerEffect =
  /** The task's batch is answered on chain (no more leases of it). */
  | { type: 'batchAnswered' }
  /** Games that ended are resolved (`resolveChallenge`, through the serial queue). */
  | { type: 'resolveEnded' }
  /** `finalizeAnswer`, through the serial queue. */
  | { type: 'finalize' }
  /** The task's batch ended: finalized (paid) or claimed (refunded). */
  | { type: 'batchEnded'; paid: boolean };

export const ANSWER_TRANSITIONS = rows<AnswerState, AnswerEventType>({
  answered: [
    ['unanswered', 'answered'],
    ['answered', 'answered'],
  ],
  challenged: [
    ['unanswered', 'disputed'],
    ['answered', 'disputed'],
    ['disputed', 'disputed'],
  ],
  upheld: [['disputed', 'answered']],
  payable: [
    ['unanswered', 'payable'],
    ['answered', 'payable'],
    ['disputed', 'payable'],
    ['payable', 'payable'],
  ],
  finalized: [
    ['unanswered', 'finalized'],
    ['answered', 'finalized'],
    ['disputed', 'finalized'],
    ['payable', 'finalized'],
  ],
  refunded: [
    ['unanswered', 'refunded'],
    ['answered', 'refunded'],
    ['disputed', 'refunded'],
    ['payable', 'refunded'],
  ],
});

export const answerMachine = defineMachine('answer', ANSWER_STATES, ANSWER_EVENTS, ANSWER_TRANSITIONS);

function effectsOf(from: AnswerState, e: AnswerEvent): AnswerEffect[] {
  const first: AnswerEffect[] = from === 'unanswered' ? [{ type: 'batchAnswered' }] : [];
  switch (e.type) {
    case 'challenged':
      return [...first, { type: 'resolveEnded' }];
    case 'payable':
      return [...first, { type: 'finalize' }];
    case 'finalized':
      return [...first, { type: 'batchEnded', paid: true }];
    case 'refunded':
      return [...first, { type: 'batchEnded', paid: false }];
    default:
      return first;
  }
}

/** The answer lifecycle: `(state, event) -> { state, effects }`, or a refusal. */
export function reduceAnswer(
  state: AnswerState,
  event: AnswerEvent,
): Step<AnswerState, AnswerEffect> | Refusal<AnswerState, AnswerEventType> {
  return step(answerMachine, state, event.type, () => effectsOf(state, event));
}
