import { ApiError } from './ApiError.ts';
import { toWire } from './wire.ts';

/**
 * The JSON-over-HTTP call every Proofgrid service client makes: the body goes in wire form
 * (bigints as strings), an answer `{ error: { code, message, details } }` becomes an ApiError,
 * and a service that cannot be reached becomes an ApiError of status 0 and code `unreachable.code`.
 * @example
 * const call = jsonCaller('http://127.0.0.1:7070', fetch, { code: 'SecretsUnavailable', message: (m) => `secret service unreachable: ${m}` });
 * const info = await call<{ chainId: number }>('GET', '/v1/info');
 */
export function jsonCaller(
  base: string,
  fetchFn: typeof globalThis.fetch,
  unreachable: { code: string; message: (cause: string) => string },
) {
  return async function call<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetchFn(`${base}${path}`, {
        method,
        headers: body === undefined ? init.headers : { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
        body: body === undefined ? (init.body ?? undefined) : JSON.stringify(toWire(body)),
      });
    } catch (cause) {
      throw new ApiError(unreachable.message(fetchFailure(cause)), { code: unreachable.code, status: 0, cause });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
      throw new ApiError(e?.message ?? `${method} ${path} failed with HTTP ${res.status}`, {
        code: e?.code ?? `Http${res.status}`,
        status: res.status,
        details: e?.details,
      });
    }
    return json as T;
  };
}

/** Why a fetch failed, with the network's own reason (`fetch failed: self-signed certificate (SELF_SIGNED_CERT_IN_CHAIN)`). */
export function fetchFailure(cause: unknown): string {
  const message = (cause as Error)?.message ?? String(cause);
  const inner = (cause as { cause?: { message?: string; code?: string } })?.cause;
  if (!inner?.message) return message;
  return `${message}: ${inner.message}${inner.code && !inner.message.includes(inner.code) ? ` (${inner.code})` : ''}`;
}
