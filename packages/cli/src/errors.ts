import { decodeError } from '@proofgrid/sdk';
import { ProofgridError, jsonSafe } from '@proofgrid/sdk/errors';
import { BaseError } from 'viem';

/** A malformed command line (bad argument or option value): exit code 2. */
export class UsageError extends ProofgridError {
  override name = 'UsageError';
  constructor(message: string, code = 'UsageInvalid', details: Record<string, unknown> = {}) {
    super(message, { code, kind: 'user', details });
  }
}

/** Missing or wrong local configuration (deployment file, market URL, key). */
export class ConfigError extends ProofgridError {
  override name = 'ConfigError';
  constructor(message: string, code: string, details: Record<string, unknown> = {}) {
    super(message, { code, kind: 'config', details });
  }
}

export type ErrorReport = { code: string; kind: string; message: string; details: unknown; exitCode: number };

/** Exit codes: 0 ok, 1 the command failed, 2 the command line is malformed. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** What to tell a person about any thrown value, on one line. */
export function errorReport(err: unknown): ErrorReport {
  const e = err as { name?: string; code?: unknown; exitCode?: number; message?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) {
    const message = String(e.message ?? '').replace(/^error:\s*/, '');
    return { code: 'UsageInvalid', kind: 'user', message, details: { commander: e.code }, exitCode: EXIT.usage };
  }
  const typed = err instanceof ProofgridError ? err : err instanceof BaseError ? decodeError(err) : undefined;
  if (typed) {
    // A decoded revert's hint reads better than `Name(args)`; the name is in [code] anyway.
    const hint = typed.name === 'ContractRevertError' ? typed.metaMessages[0] : undefined;
    return {
      code: typed.code,
      kind: typed.kind,
      message: hint ?? typed.shortMessage,
      details: jsonSafe(typed.details),
      exitCode: typed.name === 'UsageError' ? EXIT.usage : EXIT.failed,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'Internal', kind: 'internal', message, details: {}, exitCode: EXIT.failed };
}

/**
 * Prints a failure (one line on stderr, or `{"error":{…}}` on stdout with --json) and returns the
 * exit code. Help and version requests end here too, with exit code 0 and nothing more to say.
 */
export function reportError(err: unknown, { json, verbose }: { json: boolean; verbose: boolean }): number {
  const code = (err as { code?: unknown })?.code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') return EXIT.ok;
  // A noun without its verb: commander already printed the noun's help on stderr.
  if (code === 'commander.help') return EXIT.usage;
  const r = errorReport(err);
  const oneLine = r.message.replace(/\s*\n\s*/g, ' ').trim();
  if (json) process.stdout.write(`${JSON.stringify({ error: { code: r.code, kind: r.kind, message: oneLine, details: r.details } })}\n`);
  else process.stderr.write(`proofgrid: ${oneLine} [${r.code}]\n`);
  if (verbose) process.stderr.write(`${causeChain(err)}\n`);
  return r.exitCode;
}

function causeChain(err: unknown): string {
  const lines: string[] = [];
  for (let e = err, depth = 0; e !== undefined && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    lines.push(`${depth ? 'caused by: ' : ''}${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  return lines.join('\n');
}
