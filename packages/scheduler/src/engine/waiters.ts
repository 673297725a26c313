/**
 * Workers waiting for a lease (long poll): `wait` resolves on the next `kick` or after `ms`.
 * Kicks are coalesced into one release per macrotask, so a burst of events wakes each waiter once.
 * `generation` counts kicks: a wait given the generation its caller last looked at returns at once
 * when a kick came in between (no event is lost between looking and waiting).
 */
export function createWaiters() {
  const waiting = new Set<() => void>();
  let scheduled = false;
  let generation = 0;
  function release() {
    scheduled = false;
    const all = [...waiting];
    waiting.clear();
    for (const done of all) done();
  }
  return {
    get generation() {
      return generation;
    },
    wait(ms: number, seen: number): Promise<void> {
      if (seen !== generation) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waiting.add(done);
      });
    },
    kick() {
      generation++;
      if (scheduled || waiting.size === 0) return;
      scheduled = true;
      setImmediate(release);
    },
  };
}

/**
 * Long polls on a view (decision 021): `read` now, and again after each change, until its key
 * differs from `since` (the key the client saw last) or `ms` pass. Changes are the store's writes
 * that the views show (`createStore`'s `onChange`), so an idle view costs nothing while it waits.
 */
export async function waitForChange<T>(
  changes: Waiters,
  read: () => T,
  keyOf: (v: T) => string,
  { since, ms, stopped }: { since: string | undefined; ms: number; stopped: () => boolean },
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const seen = changes.generation;
    const v = read();
    const left = deadline - Date.now();
    if (since === undefined || keyOf(v) !== since || left <= 0 || stopped()) return v;
    await changes.wait(left, seen);
  }
}
export type Waiters = ReturnType<typeof createWaiters>;
