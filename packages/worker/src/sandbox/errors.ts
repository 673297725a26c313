/**
 * The sandbox error vocabulary.
 *
 * Every failure is a small subclass of the one {@link ProofgridError} base
 * (`@proofgrid/sdk/errors`) with a literal `name` and a stable `code` (equal
 * here), so callers match on strings: errors cross thread and process
 * boundaries where `instanceof` does not survive. `kind`, `hint`, `retryable`
 * and whether the failure is the task's own (`isDeterministic`) come from the
 * error catalogue.
 */
import { ProofgridError, hintOf } from '@proofgrid/sdk/errors';

export { ProofgridError };
export type { ErrorKind } from '@proofgrid/sdk/errors';

/** The catalogue's hint for a code, as the error's meta message (printed under the short message). */
const hintLines = (code: string): string[] => [hintOf(code) ?? code];

/**
 * The app ran longer than `limits.timeoutMs` (wall clock); its thread was terminated.
 * @example
 * if (error.code === 'SandboxTimeout') console.log(error.details.timeoutMs)
 */
export class SandboxTimeoutError extends ProofgridError {
  override name = 'SandboxTimeout' as const;
  constructor({ timeoutMs }: { timeoutMs: number }) {
    super(`The app did not finish within ${timeoutMs} ms.`, {
      code: 'SandboxTimeout',
      details: { timeoutMs },
      metaMessages: hintLines('SandboxTimeout'),
    });
  }
}

/**
 * The module asked for more linear memory than `limits.memoryMb` allows, at load
 * time (initial size) or while running (a refused `memory.grow` followed by a trap).
 * @example
 * if (error.code === 'SandboxMemoryLimit') console.log(error.details.limitBytes)
 */
export class SandboxMemoryLimitError extends ProofgridError {
  override name = 'SandboxMemoryLimit' as const;
  constructor({ limitBytes, memoryBytes, reason }: { limitBytes: number; memoryBytes: number; reason: string }) {
    super(`The app needs more than ${limitBytes} bytes of memory: ${reason}.`, {
      code: 'SandboxMemoryLimit',
      details: { limitBytes, memoryBytes },
      metaMessages: hintLines('SandboxMemoryLimit'),
    });
  }
}

/**
 * The app wrote more than `limits.maxOutputBytes` (stdout + stderr + files under /out).
 * @example
 * if (error.code === 'SandboxOutputLimit') console.log(error.details.writtenBytes)
 */
export class SandboxOutputLimitError extends ProofgridError {
  override name = 'SandboxOutputLimit' as const;
  constructor({ limitBytes, writtenBytes }: { limitBytes: number; writtenBytes: number }) {
    super(`The app wrote ${writtenBytes} bytes or more; the limit is ${limitBytes}.`, {
      code: 'SandboxOutputLimit',
      details: { limitBytes, writtenBytes },
    });
  }
}

/**
 * The app trapped (`unreachable`, out-of-bounds access, division by zero, stack overflow).
 * @example
 * if (error.code === 'SandboxTrap') console.log(error.details.trap)
 */
export class SandboxTrapError extends ProofgridError {
  override name = 'SandboxTrap' as const;
  /** What the app wrote to stdout and stderr before it trapped (kept out of `details`, which is logged). */
  readonly output: { stdout: Uint8Array; stderr: Uint8Array };
  constructor({ trap, memoryBytes }: { trap: string; memoryBytes?: number }, output?: { stdout: Uint8Array; stderr: Uint8Array }) {
    super(`The app trapped: ${trap}.`, { code: 'SandboxTrap', details: { trap, memoryBytes } });
    this.output = output ?? { stdout: new Uint8Array(), stderr: new Uint8Array() };
  }
}

/**
 * The bytes are not a WASI preview1 module the sandbox can run.
 * @example
 * if (error.code === 'SandboxInvalidModule') console.log(error.details.reason)
 */
export class SandboxInvalidModuleError extends ProofgridError {
  override name = 'SandboxInvalidModule' as const;
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`Invalid app module: ${reason}.`, { code: 'SandboxInvalidModule', details: { reason }, cause });
  }
}

/**
 * The request itself is malformed (a bad limit, an input file name escaping /in).
 * @example
 * if (error.code === 'SandboxInvalidRequest') console.log(error.details.field)
 */
export class SandboxInvalidRequestError extends ProofgridError {
  override name = 'SandboxInvalidRequest' as const;
  constructor({ field, reason }: { field: string; reason: string }) {
    super(`Invalid sandbox request: ${field} ${reason}.`, { code: 'SandboxInvalidRequest', details: { field, reason } });
  }
}

/**
 * A sandbox thread died for a reason other than the app (host out of memory, a bug).
 * @example
 * if (error.retryable) retryLater()
 */
export class SandboxCrashedError extends ProofgridError {
  override name = 'SandboxCrashed' as const;
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`A sandbox thread crashed: ${reason}.`, { code: 'SandboxCrashed', details: { reason }, cause });
  }
}

/**
 * `run()` was called on, or was queued in, a pool that has been closed.
 * @example
 * if (error.code === 'SandboxPoolClosed') return
 */
export class SandboxPoolClosedError extends ProofgridError {
  override name = 'SandboxPoolClosed' as const;
  constructor() {
    super('The sandbox pool is closed.', { code: 'SandboxPoolClosed' });
  }
}
