/** Who has to act on an error (golem's taxonomy). `user`/`config` errors are never retried. */
export type ErrorKind = 'user' | 'config' | 'abort' | 'timeout' | 'platform' | 'internal';

export type ProofgridErrorParameters = {
  code: string;
  kind: ErrorKind;
  details?: Record<string, unknown>;
  metaMessages?: string[];
  cause?: unknown;
  docsPath?: string;
};

/**
 * Base of every Proofgrid error, in viem's BaseError shape. Match errors on `code` (stable
 * across processes: contract -> SDK -> HTTP -> CLI), never only with instanceof.
 * @example
 * import { ProofgridError } from '@proofgrid/sdk';
 * try { await client.deal.match(orders) } catch (e) { if (e instanceof ProofgridError && e.code === 'EscrowInsufficientBalance') … }
 */
export class ProofgridError extends Error {
  override name = 'ProofgridError';
  readonly shortMessage: string;
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown>;
  readonly metaMessages: string[];
  readonly docsPath: string | undefined;

  constructor(shortMessage: string, { code, kind, details = {}, metaMessages = [], cause, docsPath }: ProofgridErrorParameters) {
    super([shortMessage, ...metaMessages].join('\n'), { cause });
    this.shortMessage = shortMessage;
    this.code = code;
    this.kind = kind;
    this.details = details;
    this.metaMessages = metaMessages;
    this.docsPath = docsPath;
  }

  /** Walks the cause chain; returns the first error `fn` accepts, or the last one. */
  walk(fn?: (err: unknown) => boolean): unknown {
    let err: unknown = this;
    while (err instanceof Error && err.cause !== undefined) {
      if (fn?.(err)) return err;
      err = err.cause;
    }
    return fn ? (fn(err) ? err : undefined) : err;
  }

  /** The wire shape services answer with: `{ error: { code, message, details } }`. */
  toJSON() {
    return { code: this.code, kind: this.kind, message: this.shortMessage, details: jsonSafe(this.details) };
  }
}

/** Makes bigints JSON-safe (as decimal strings). */
export function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
