import { useEffect, useRef, useState } from 'react';

/**
 * Loads `fn` at once and again every `intervalMs` while `active`; keeps the last value and error.
 * `deps` restart the loop.
 */
export function usePoll<T>(fn: () => Promise<T>, deps: unknown[], { intervalMs = 1000, active = true } = {}) {
  const [state, setState] = useState<{ value?: T; error?: unknown; loading: boolean }>({ loading: true });
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps restart the loop, and so does reload() (tick); fn is read through a ref
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const value = await fnRef.current();
        if (!stopped) setState({ value, loading: false });
      } catch (error) {
        if (!stopped) setState((s) => ({ ...s, error, loading: false }));
      }
      if (!stopped && active) timer = setTimeout(run, intervalMs);
    };
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [...deps, active, intervalMs, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
