import type { ErrorKind } from './catalogue/types.ts';
import { errorInfo, isRetryable } from './registry.ts';

export type { ErrorKind } from './catalogue/types.ts';

export type ProofgridErrorParameters = {
  code: string;
  /** Defaults to the catalogue's kind for `code` (`internal` for a code not in it). */
  kind?: ErrorKind;
  /** What to do about it; defaults to the first meta message, then to the catalogue's hint. */
  hint?: string;
  details?: Record<string, unknown>;
  /** Lines printed after the short message (usually the hint, filled with the facts). */
  metaMessages?: string[];
  cause?: unknown;
  docsPath?: string;
};

/**
 * The one base of every Proofgrid error (SDK, services, worker, sandbox, secret service, CLI), in
 * viem's BaseError shape. Match errors on `code` (stable across processes: contract -> SDK -> HTTP
 * -> CLI), never only with instanceof. `kind`, `hint` and `retryable` come from the catalogue
 * (docs/errors.md) unless the thrower knows better.
 * @example
 * import { ProofgridError } from '@proofgrid/sdk/errors';
 * try { await client.deal.match(orders) } catch (e) { if (e instanceof ProofgridError && e.code === 'EscrowInsufficientBalance') … }
 */
export class ProofgridError extends Error {
  override name = 'ProofgridError';
  readonly shortMessage: string;
  readonly code: string;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown>;
  readonly metaMessages: string[];
  readonly docsPath: string | undefined;

  constructor(shortMessage: string, { code, kind, hint, details = {}, metaMessages = [], cause, docsPath }: ProofgridErrorParameters) {
    super([shortMessage, ...metaMessages].join('\n'), { cause });
    const info = errorInfo(code);
    this.shortMessage = shortMessage;
    this.code = code;
    this.kind = kind ?? info?.kind ?? 'internal';
    this.hint = hint ?? metaMessages[0] ?? info?.hint;
    this.details = details;
    this.metaMessages = metaMessages;
    this.docsPath = docsPath ?? (info ? `docs/errors.md#${code.toLowerCase()}` : undefined);
  }

  /** Whether repeating the failed call can succeed without anyone acting (see `isRetryable`). */
  get retryable(): boolean {
    return isRetryable(this);
  }

  /** Follows the `cause` chain; returns the first error `fn` accepts (null if none), or the deepest one. */
  walk(fn?: (err: unknown) => boolean): unknown {
    let current: unknown = this;
    for (;;) {
      if (fn?.(current)) return current;
      if (!(current instanceof Error) || current.cause === undefined) return fn ? null : current;
      current = current.cause;
    }
  }

  /** The error as plain data: what logs, `--json` output and service bodies (under `error`) carry. */
  toObject(): ErrorObject {
    return {
      code: this.code,
      kind: this.kind,
      message: this.shortMessage,
      hint: this.hint,
      retryable: this.retryable,
      details: jsonSafe(this.details) as Record<string, unknown>,
    };
  }

  /** What `JSON.stringify` writes: the plain data (a ServiceError writes its whole HTTP body). */
  toJSON(): object {
    return this.toObject();
  }
}

/** A ProofgridError as plain data. */
export type ErrorObject = {
  code: string;
  kind: ErrorKind;
  message: string;
  hint: string | undefined;
  retryable: boolean;
  details: Record<string, unknown>;
};

/** Makes bigints JSON-safe (as decimal strings). */
export function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
