/** Who has to act on an error (golem's taxonomy). `user`/`config` errors are never retried as they are. */
export type ErrorKind = 'user' | 'config' | 'abort' | 'timeout' | 'platform' | 'internal';

/**
 * What makes the same intent succeed, seen from the party that sent it (through the market when
 * there is one):
 * - `retry`: a transient fault; the same call, repeated with backoff, can succeed.
 * - `wait`: too early; the same call succeeds once time or the chain moves on (a deadline, a reveal
 *   window, the market picking another order).
 * - `after-fix`: someone must act first (deposit, configure, register, change the order).
 * - `never`: final for this input; repeating it fails the same way.
 */
export type RetryClass = 'retry' | 'wait' | 'after-fix' | 'never';

/** Where a code is raised. One code has one entry even when several components raise it. */
export type ErrorArea = 'contract' | 'market' | 'secrets' | 'sdk' | 'worker' | 'sandbox' | 'transport' | 'cli' | 'web';

/** One catalogue entry. */
export type ErrorInfo = {
  code: string;
  area: ErrorArea;
  kind: ErrorKind;
  retry: RetryClass;
  /**
   * A task failure that is a property of the task (app, input, dataset), not of the worker: every
   * worker fails the same way, so the scheduler fails the batch instead of leasing it again.
   */
  deterministic: boolean;
  /**
   * What to do about it, for a person. Contract hints may name the error's arguments as
   * `{argument}`; `hintOf(code, args)` fills them in.
   */
  hint: string;
  /** The HTTP status a service answers with (a call site may pass a more precise one). */
  httpStatus: number;
  /** Contract error arguments that are token amounts (wei): hints show them in tokens (`999.2 PGT`). */
  amounts: readonly string[];
};

/** How an area writes its entries: `kind`, `retry` and `hint` always, the rest when it differs from the default. */
export type ErrorSpec = {
  kind: ErrorKind;
  retry: RetryClass;
  hint: string;
  deterministic?: boolean;
  http?: number;
  amounts?: readonly string[];
};

/** The status an entry answers with when it names none. */
export const DEFAULT_HTTP_STATUS: Record<ErrorKind, number> = {
  user: 400,
  config: 500,
  abort: 409,
  timeout: 504,
  platform: 503,
  internal: 500,
};

/** One entry's spec: who is at fault, whether and when to retry, the HTTP status, the hint. */
export const spec = (kind: ErrorKind, retry: RetryClass, http: number, hint: string, deterministic?: boolean): ErrorSpec => ({
  kind,
  retry,
  http,
  hint,
  deterministic,
});

/** Turns one area's specs into entries. */
export function defineArea(area: ErrorArea, specs: Record<string, ErrorSpec>): ErrorInfo[] {
  return Object.entries(specs).map(([code, s]) => ({
    code,
    area,
    kind: s.kind,
    retry: s.retry,
    deterministic: s.deterministic ?? false,
    hint: s.hint,
    httpStatus: s.http ?? DEFAULT_HTTP_STATUS[s.kind],
    amounts: s.amounts ?? [],
  }));
}
