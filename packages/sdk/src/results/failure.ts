import { type Hex, encodeAbiParameters, keccak256, toHex } from 'viem';
import { ProofgridError } from '../errors/index.ts';
import { type TaskResult, decodeResult, encodeResult, resultDigestOf } from './resultCodec.ts';

/**
 * A deterministic failure of the app is a result (docs/decisions/012-deterministic-failure.md):
 * replicas that fail the same way commit and reveal the same failure root, and the batch is
 * finalized on chain as failed by the app (`batchOf(batchId).failed`), paid as a success.
 */

/** Domain tag of a failure root (ResultHashing.FAILURE_TAG): keccak256("proofgrid.failure.v1"). */
export const FAILURE_TAG: Hex = keccak256(toHex('proofgrid.failure.v1'));

/**
 * The exit code a worker reports for a trap (unreachable, out-of-bounds access, division by zero,
 * stack overflow): 134, wasmtime's (128 + SIGABRT). An app's own non-zero `proc_exit` code is
 * reported as is; 0 is a success and cannot be a failure (`BatchFailureExitCodeZero`).
 */
export const TRAP_EXIT_CODE = 134;

/**
 * A limit of the deal's category the app ran into, a failure of the app like a trap (decision 012):
 * the limits are the category's, the same for every replica, so replicas that hit one agree.
 *   memory: the app asked for more linear memory than `memoryMb` (exit code 137, 128 + SIGKILL);
 *   output: it wrote more than `maxOutputBytes` (153, 128 + SIGXFSZ);
 *   time:   it ran longer than `timeoutMs` (124, as timeout(1));
 *   module: the app's bytes are not a module the sandbox runs (126, "cannot execute").
 * `value` is the limit (bytes, or milliseconds for time; 0 for module), never what was observed,
 * which may differ between machines.
 */
export type FailureLimit = { kind: 'memory' | 'output' | 'time' | 'module'; value: number };

/** The exit code each limit is reported with. */
export const LIMIT_EXIT_CODES = { memory: 137, output: 153, time: 124, module: 126 } as const satisfies Record<
  FailureLimit['kind'],
  number
>;

/** What a failure commits to: the exit code and the digest of the failure report blob. */
export type Failure = { exitCode: number; outputDigest: Hex };

/**
 * The failure root of a batch: keccak256(abi.encode(FAILURE_TAG, uint32 exitCode, bytes32
 * outputDigest)), the same formula as the contract's ResultHashing.failureRoot. Workers commit it
 * with `contribute` like any root (resultHashOf / resultSealOf over it), then reveal it with
 * `revealAppFailure`; at trust <= 1 they push it with `pushAppFailure`.
 * @example
 * import { failureDigest, failureReport } from '@proofgrid/sdk';
 * const { outputDigest } = failureReport({ task: 3, exitCode: 134, stdout, stderr });
 * const root = failureDigest({ exitCode: 134, outputDigest });
 */
export function failureDigest({ exitCode, outputDigest }: Failure): Hex {
  requireFailureExitCode(exitCode);
  return keccak256(
    encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint32' }, { type: 'bytes32' }], [FAILURE_TAG, exitCode, outputDigest]),
  );
}

/** A failure report as the requester reads it: the first failing task, its exit code and what the app printed. */
export type FailureReport = { task: number; exitCode: number; stdout: Uint8Array; stderr: Uint8Array; limit?: FailureLimit };

const REPORT_FILE = 'failure.json';
const STDERR_FILE = 'stderr';

/**
 * Encodes a failure report in the result codec: stdout is the app's, files are `failure.json`
 * ({"task","exitCode"}) and `stderr` (the app's own stderr, never a host message, so replicas
 * agree byte for byte). `outputDigest` is the blob's sha256: the worker stores the blob in the
 * market's content store under it (or, for a request with a result key, the deterministic
 * encryption of the blob, and the digest of that, exactly as for a result).
 * @example
 * const { blob, outputDigest, root } = failureReport({ task: 0, exitCode: 134, stdout, stderr });
 */
export function failureReport(report: FailureReport): { blob: Uint8Array; outputDigest: Hex; root: Hex } {
  requireFailureExitCode(report.exitCode);
  const fields = { task: report.task, exitCode: report.exitCode, ...(report.limit ? { limit: report.limit } : {}) };
  const meta = new TextEncoder().encode(JSON.stringify(fields));
  const blob = encodeResult({ stdout: report.stdout, files: { [REPORT_FILE]: meta, [STDERR_FILE]: report.stderr } });
  const outputDigest = resultDigestOf(blob);
  return { blob, outputDigest, root: failureDigest({ exitCode: report.exitCode, outputDigest }) };
}

/** Decodes a failure report blob (plaintext); throws a typed error on anything else. */
export function decodeFailureReport(blob: Uint8Array): FailureReport {
  let result: TaskResult;
  let meta: { task?: unknown; exitCode?: unknown; limit?: unknown };
  try {
    result = decodeResult(blob);
    meta = JSON.parse(new TextDecoder().decode(result.files[REPORT_FILE] ?? new Uint8Array()));
  } catch (cause) {
    throw new ProofgridError('the blob is not a failure report', { code: 'FailureReportInvalid', kind: 'platform', cause });
  }
  if (typeof meta.task !== 'number' || typeof meta.exitCode !== 'number') {
    throw new ProofgridError('the failure report has no task or exit code', { code: 'FailureReportInvalid', kind: 'platform' });
  }
  const stderr = result.files[STDERR_FILE] ?? new Uint8Array();
  const limit = limitOf(meta.limit);
  return { task: meta.task, exitCode: meta.exitCode, stdout: result.stdout, stderr, ...(limit ? { limit } : {}) };
}

/** A report's limit, if it names a known one (anything else is left out, not trusted). */
function limitOf(v: unknown): FailureLimit | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { kind, value } = v as { kind?: unknown; value?: unknown };
  if (typeof kind !== 'string' || !(kind in LIMIT_EXIT_CODES) || typeof value !== 'number') return undefined;
  return { kind: kind as FailureLimit['kind'], value };
}

function requireFailureExitCode(exitCode: number): void {
  if (!Number.isInteger(exitCode) || exitCode <= 0 || exitCode > 0xffffffff) {
    throw new ProofgridError(`a failure needs an exit code in 1..2^32-1, not ${exitCode}`, {
      code: 'FailureExitCodeInvalid',
      kind: 'user',
      details: { exitCode },
    });
  }
}
