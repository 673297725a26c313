/**
 * A lifecycle as data: the rows `from --event--> to` of a transition table, and the reducer built
 * from them. Pure: no I/O, no clock. An event a state has no row for is refused with a typed value,
 * never ignored; the caller decides what a refusal means (an HTTP 409, a log line).
 */
export type Transition<S extends string, E extends string> = { readonly from: S; readonly event: E; readonly to: S };

export type Refusal<S extends string, E extends string> = {
  ok: false;
  code: 'IllegalTransition';
  machine: string;
  from: S;
  event: E;
  message: string;
};

export type Step<S, F> = { ok: true; state: S; effects: F[] };

export type Machine<S extends string, E extends string> = {
  readonly name: string;
  readonly states: readonly S[];
  readonly events: readonly E[];
  readonly transitions: readonly Transition<S, E>[];
  /** The state `event` leads to from `from`, or undefined when the table has no such row. */
  next(from: S, event: E): S | undefined;
};

/** Builds a machine and checks its table: known states and events, at most one row per (from, event). */
export function defineMachine<S extends string, E extends string>(
  name: string,
  states: readonly S[],
  events: readonly E[],
  transitions: readonly Transition<S, E>[],
): Machine<S, E> {
  const index = new Map<string, S>();
  for (const t of transitions) {
    if (!states.includes(t.from) || !states.includes(t.to)) throw new Error(`${name}: unknown state in ${t.from} -> ${t.to}`);
    if (!events.includes(t.event)) throw new Error(`${name}: unknown event ${t.event}`);
    const k = `${t.from}\u0000${t.event}`;
    if (index.has(k)) throw new Error(`${name}: two rows for ${t.from} on ${t.event}`);
    index.set(k, t.to);
  }
  return { name, states, events, transitions, next: (from, event) => index.get(`${from}\u0000${event}`) };
}

/** Rows from a compact form: `{ event: [[from, to], ...] }`. */
export function rows<S extends string, E extends string>(spec: Record<E, readonly (readonly [S, S])[]>): Transition<S, E>[] {
  return (Object.entries(spec) as [E, readonly (readonly [S, S])[]][]).flatMap(([event, pairs]) =>
    pairs.map(([from, to]) => ({ from, event, to })),
  );
}

/** One step: the next state, or the refusal. */
export function step<S extends string, E extends string, F>(
  m: Machine<S, E>,
  from: S,
  event: E,
  effects: (to: S) => F[],
): Step<S, F> | Refusal<S, E> {
  const to = m.next(from, event);
  if (to === undefined)
    return {
      ok: false,
      code: 'IllegalTransition',
      machine: m.name,
      from,
      event,
      message: `${m.name}: no transition from '${from}' on '${event}'`,
    };
  return { ok: true, state: to, effects: effects(to) };
}
