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
