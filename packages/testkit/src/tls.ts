// In-process clients of a stack on TLS (decision 017): a fetch that trusts the devnet's CA.
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';

/**
 * A `fetch` that trusts `ca` (PEM) besides the public roots, for the SDK clients' `fetch` option
 * (Node reads NODE_EXTRA_CA_CERTS only at start-up; this works in a process already running).
 * @example
 * const market = createMarketClient({ url: stack.market.url, fetch: fetchTrusting(stack.tls.ca) });
 */
export function fetchTrusting(ca: string): typeof globalThis.fetch {
  const dispatcher = new Agent({ connect: { ca: [...rootCertificates, ca] } });
  // Node's fetch takes an undici dispatcher per request (not in the DOM RequestInit type).
  return (input, init) => globalThis.fetch(input, { ...init, dispatcher } as RequestInit);
}
