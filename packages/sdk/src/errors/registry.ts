import { CLI_ERRORS, WEB_ERRORS } from './catalogue/client.ts';
import { CONTRACT_ERRORS } from './catalogue/contract.ts';
import { SANDBOX_ERRORS, SDK_ERRORS, TRANSPORT_ERRORS, WORKER_ERRORS } from './catalogue/runtime.ts';
import { MARKET_ERRORS, SECRETS_ERRORS } from './catalogue/service.ts';
import { SERVICE_CLI_ERRORS, SERVICE_CONTRACT_ERRORS, SERVICE_MARKET_ERRORS } from './catalogue/services.ts';
import type { ErrorInfo, ErrorKind, RetryClass } from './catalogue/types.ts';

function index(areas: ErrorInfo[][]): Readonly<Record<string, Readonly<ErrorInfo>>> {
  const byCode: Record<string, Readonly<ErrorInfo>> = {};
  for (const info of areas.flat()) {
    const first = byCode[info.code];
    if (first) throw new Error(`error code ${info.code} is registered twice (${first.area} and ${info.area})`);
    byCode[info.code] = Object.freeze(info);
  }
  return Object.freeze(byCode);
}

/**
 * Every Proofgrid error code: contract custom errors, service, SDK, worker, sandbox, CLI and web
 * codes. One code, one entry, the same from the contract to the HTTP API and the CLI.
 * @example
 * import { ERRORS } from '@proofgrid/sdk/errors';
 * ERRORS.EscrowInsufficientBalance.retry; // 'after-fix'
 */
export const ERRORS = index([
  CONTRACT_ERRORS,
  SERVICE_CONTRACT_ERRORS,
  MARKET_ERRORS,
  SERVICE_MARKET_ERRORS,
  SECRETS_ERRORS,
  SDK_ERRORS,
  WORKER_ERRORS,
  SANDBOX_ERRORS,
  TRANSPORT_ERRORS,
  CLI_ERRORS,
  SERVICE_CLI_ERRORS,
  WEB_ERRORS,
]);

/** An error-like value: anything with a `code`, `name`, `kind` or `cause`. */
type ErrorLike = { code?: unknown; name?: unknown; kind?: unknown; cause?: unknown };

/** The catalogue entry of a code, or undefined for a code not in the catalogue. */
export function errorInfo(code: string): Readonly<ErrorInfo> | undefined {
  return Object.hasOwn(ERRORS, code) ? ERRORS[code] : undefined;
}

/**
 * The retry class of a code, or of an error: the first error in its cause chain whose `code` (or,
 * for errors from below, `name`) is catalogued decides; a Proofgrid error with an unknown code
 * falls back on its `kind` (platform and timeout faults are retried). Undefined when nothing is known.
 */
export function retryOf(codeOrError: unknown): RetryClass | undefined {
  if (typeof codeOrError === 'string') return errorInfo(codeOrError)?.retry;
  return infoOf(codeOrError)?.retry ?? kindFallback(codeOrError);
}

/**
 * Whether repeating the same call can succeed without anyone acting (retry class `retry` or `wait`).
 * @example
 * if (isRetryable(err)) await sleep(500); else throw err;
 */
export function isRetryable(codeOrError: unknown): boolean {
  const retry = retryOf(codeOrError);
  return retry === 'retry' || retry === 'wait';
}

/**
 * Whether a task failure is the task's own (every worker fails the same way), not the worker's.
 * @example
 * if (isDeterministic(report.code)) failTheBatch(); else leaseAgain();
 */
export function isDeterministic(codeOrError: unknown): boolean {
  const info = typeof codeOrError === 'string' ? errorInfo(codeOrError) : infoOf(codeOrError);
  return info?.deterministic ?? false;
}

/** The HTTP status a service answers a code with (500 for a code not in the catalogue). */
export function httpStatusOf(code: string): number {
  return errorInfo(code)?.httpStatus ?? 500;
}

/**
 * What to tell a person about a code, with `{argument}` placeholders filled from `args` when given
 * (by name, or by position for an array). Undefined for a code not in the catalogue.
 * @example
 * hintOf('OrderExpired', { expiry: 1700000000n }); // 'the order expired at 1700000000: publish a new one'
 */
export function hintOf(code: string, args?: Readonly<Record<string, unknown>> | readonly unknown[]): string | undefined {
  const hint = errorInfo(code)?.hint;
  if (hint === undefined || args === undefined) return hint;
  const values = Array.isArray(args) ? Object.fromEntries(args.map((v, i) => [String(i), v])) : (args as Record<string, unknown>);
  return hint.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** The first catalogued entry along an error's cause chain (by `code`, then `name`). */
function infoOf(err: unknown): Readonly<ErrorInfo> | undefined {
  let e = err as ErrorLike | undefined;
  for (let depth = 0; e !== null && typeof e === 'object' && depth < 12; depth++, e = e.cause as ErrorLike | undefined) {
    const info = (typeof e.code === 'string' && errorInfo(e.code)) || (typeof e.name === 'string' && errorInfo(e.name)) || undefined;
    if (info) return info;
  }
  return undefined;
}

const RETRIED_KINDS: readonly ErrorKind[] = ['platform', 'timeout'];

function kindFallback(err: unknown): RetryClass | undefined {
  const kind = (err as ErrorLike | undefined)?.kind;
  if (typeof kind !== 'string') return undefined;
  return RETRIED_KINDS.includes(kind as ErrorKind) ? 'retry' : 'never';
}
