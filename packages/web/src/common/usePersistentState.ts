import { useEffect, useState } from 'react';

/** React state kept in localStorage under `key`, so a reload loses nothing. */
export function usePersistentState<T>(key: string, initial: T): [T, (v: T | ((old: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(`proofgrid.${key}`);
      return raw === null ? initial : (JSON.parse(raw) as T);
    } catch {
      return initial; // a corrupt entry is replaced by the next write
    }
  });
  useEffect(() => {
    localStorage.setItem(`proofgrid.${key}`, JSON.stringify(value));
  }, [key, value]);
  return [value, setValue];
}
