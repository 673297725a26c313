// Small node:http helpers of the service server: bodies with a cap, JSON and typed-error answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceError } from '@proofgrid/sdk/errors';

/** Reads a request body of at most `limit` bytes (RequestTooLarge past it). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ServiceError('RequestTooLarge', `the request exceeds ${limit} bytes`, 413, { limit });
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  res.writeHead(status, { 'content-type': 'application/json' }).end(text);
}

/** Answers an error: a ServiceError (or anything with a catalogued code) as `{ error }` with its status. */
export function sendError(res: ServerResponse, err: unknown): void {
  const e = err as { code?: string; message?: string; details?: Record<string, unknown> };
  const typed =
    err instanceof ServiceError ? err : new ServiceError(e.code ?? 'Internal', e.message ?? String(err), undefined, e.details ?? {}, 500);
  sendJson(res, typed.status, typed.toJSON());
}
