import { useEffect, useState } from 'react';

/** The current route from the URL hash (`#/deal/0x…` → ['deal', '0x…']); survives reloads. */
const read = () => window.location.hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean);

export function useHashRoute(): string[] {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** Navigates to a route: go('deal', id). */
export function go(...parts: (string | number | bigint)[]) {
  window.location.hash = `#/${parts.join('/')}`;
}
