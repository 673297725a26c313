import {
  type Failure,
  type FailureLimit,
  LIMIT_EXIT_CODES,
  ProofgridError,
  TRAP_EXIT_CODE,
  failureDigest,
  failureReport,
} from '@proofgrid/sdk';
import type { Hex } from 'viem';
import {
  SandboxInvalidModuleError,
  SandboxMemoryLimitError,
  SandboxOutputLimitError,
  SandboxTimeoutError,
  SandboxTrapError,
} from './sandbox/index.ts';

/**
 * A deterministic failure of the app is a result (docs/decisions/012-deterministic-failure.md):
 * the first failing task's report is stored like a result blob and its failure root committed
 * like a result root, so replicas that fail the same way agree on it.
 */

/** One task the app failed: its exit code (TRAP_EXIT_CODE for a trap) and what the app itself wrote. */
export type TaskFailure = { task: number; exitCode: number; stdout: Uint8Array; stderr: Uint8Array; limit?: FailureLimit };

/** A batch's failure as committed: the report blob (encrypted when the deal asks), its digest and the failure root. */
export type BatchFailure = Failure & { task: number; blob: Uint8Array; root: Hex; limit?: FailureLimit };

/**
 * The app's own failure in a task's error, if it is one: a trap, with the output the app wrote
 * before it (never the host's message, which may differ between Node versions); or a limit of the
 * deal's category it ran into (memory, output, time) or a module the sandbox cannot run, reported
 * with the limit's exit code (`LIMIT_EXIT_CODES`) and the limit itself, nothing observed, so every
 * replica that hits it writes the same report. Anything else (a crash, the host) is not the app's.
 */
export function taskFailureOf(task: number, err: unknown): TaskFailure | undefined {
  if (err instanceof SandboxTrapError) return { task, exitCode: TRAP_EXIT_CODE, ...err.output };
  const limit = limitOf(err);
  if (!limit) return undefined;
  return { task, exitCode: LIMIT_EXIT_CODES[limit.kind], stdout: new Uint8Array(), stderr: new Uint8Array(), limit };
}

function limitOf(err: unknown): FailureLimit | undefined {
  if (err instanceof SandboxMemoryLimitError) return { kind: 'memory', value: Number(err.details.limitBytes) };
  if (err instanceof SandboxOutputLimitError) return { kind: 'output', value: Number(err.details.limitBytes) };
  if (err instanceof SandboxTimeoutError) return { kind: 'time', value: Number(err.details.timeoutMs) };
  if (err instanceof SandboxInvalidModuleError) return { kind: 'module', value: 0 };
  return undefined;
}

/** The first failing task of a batch (lowest index), as every replica picks it. */
export function firstFailure(failures: TaskFailure[]): TaskFailure | undefined {
  return failures.reduce<TaskFailure | undefined>((first, f) => (!first || f.task < first.task ? f : first), undefined);
}

/**
 * The failure report of `failure` as stored and committed: the blob (through `seal`, the deal's
 * deterministic encryption for the requester, or as is), its digest and the failure root.
 */
export async function batchFailureOf(
  failure: TaskFailure,
  seal: (blob: Uint8Array, task: number) => Promise<{ blob: Uint8Array; digest: Hex }>,
): Promise<BatchFailure> {
  const { blob: plain } = failureReport(failure);
  const { blob, digest: outputDigest } = await seal(plain, failure.task);
  return {
    task: failure.task,
    exitCode: failure.exitCode,
    ...(failure.limit ? { limit: failure.limit } : {}),
    outputDigest,
    blob,
    root: failureDigest({ exitCode: failure.exitCode, outputDigest }),
  };
}

/**
 * Thrown out of a lease's run when the app failed a task deterministically: the runner catches it
 * and commits the failure. Its code is the sandbox's, so a strategy that lets it escape the runner
 * has it reported as a failed lease, as before failures were results.
 */
export class AppFailedError extends ProofgridError {
  override name = 'AppFailed' as const;
  constructor(
    readonly failure: BatchFailure,
    readonly usage: { maxRunTimeMs: number; memoryPeakKb: number },
  ) {
    super(`the app failed task ${failure.task} with exit code ${failure.exitCode}`, {
      code: codeOf(failure),
      kind: 'user',
      details: { task: failure.task, exitCode: failure.exitCode, outputDigest: failure.outputDigest },
    });
  }
}

/** The catalogue code of a batch failure: the sandbox's for a trap or a limit, else the app's exit. */
function codeOf(failure: BatchFailure): string {
  if (failure.limit)
    return { memory: 'SandboxMemoryLimit', output: 'SandboxOutputLimit', time: 'SandboxTimeout', module: 'SandboxInvalidModule' }[
      failure.limit.kind
    ];
  return failure.exitCode === TRAP_EXIT_CODE ? 'SandboxTrap' : 'AppExitNonZero';
}
