import { createWasi, IoCommitment, toHex } from '@proofgrid/machine';
import { ProofgridError } from '@proofgrid/sdk/errors';
import { keccak256 } from 'viem';
import { decodeProvableResult, type ProvableResult } from './blob.ts';
import { type Hex, type OutputFields, outputCommitmentOf } from './commitment.ts';

/** The machine's running hash of a stream: keccak256(previous ‖ chunk) per chunk, from 32 zero bytes. */
export function streamHashOf(bytes: Uint8Array, chunks: readonly number[]): Hex {
  let hash: Uint8Array = new Uint8Array(32);
  let at = 0;
  for (const length of chunks) {
    const joined = new Uint8Array(32 + length);
    joined.set(hash);
    joined.set(bytes.subarray(at, at + length), 32);
    hash = keccak256(joined, 'bytes');
    at += length;
  }
  if (at !== bytes.length) throw new Error('stream chunk lengths do not add up to its bytes');
  return toHex(hash) as Hex;
}

const malformed = (reason: string) =>
  new ProofgridError(`the provable result blob does not decode: ${reason}`, { code: 'ProvableResultMalformed', details: { reason } });

/**
 * The root of the file table (the I/O state's filesRoot) of a result: /in as the task's input files with the
 * result's changes, /out as the result's files, and both areas' directories. Computed by the machine's own code.
 */
export function filesRootOf(result: ProvableResult, inputFiles: Record<string, Uint8Array>): Hex {
  const wasi = createWasi({ args: ['app'], seed: 'output', maxOutputBytes: 0 });
  const { areas, dirs } = wasi.fs;
  for (const set of [dirs.in, dirs.out]) set.clear();
  for (const dir of result.inDirs) dirs.in.add(dir);
  for (const dir of result.outDirs) dirs.out.add(dir);
  for (const [path, content] of Object.entries(result.inFiles)) {
    const data = content ?? inputFiles[path];
    if (!data) throw malformed(`/in/${path} is said to be an input file, and the task has none of that path`);
    areas.in.set(path, { data, size: data.length });
  }
  for (const [path, data] of Object.entries(result.files)) areas.out.set(path, { data, size: data.length });
  try {
    return toHex(new IoCommitment(wasi).fileTree().root) as Hex;
  } catch (error) {
    throw malformed((error as Error).message);
  }
}

/** The output fields of a result (what its commitment is the hash of). */
export function outputFieldsOf(result: ProvableResult, inputFiles: Record<string, Uint8Array>): OutputFields {
  return {
    status: result.status,
    exitCode: result.exitCode,
    stdoutHash: streamHashOf(result.stdout, result.stdoutChunks),
    stderrHash: streamHashOf(result.stderr, result.stderrChunks),
    filesRoot: filesRootOf(result, inputFiles),
  };
}

export type VerifyOptions = {
  /** The task's input files (under /in), by path, as the run got them. */
  inputFiles?: Record<string, Uint8Array>;
  /** The outputDigest committed on chain: the blob must yield it, or ProvableResultMismatch is thrown. */
  expected?: Hex;
};

/**
 * What a requester or a verifier runs on a downloaded provable result blob: decodes it (ProvableResultMalformed
 * otherwise) and recomputes its output commitment from the bytes and the task's input files; with `expected`, throws
 * ProvableResultMismatch unless they are equal. Returns the commitment and the decoded result.
 * @example
 * const { commitment, result } = verifyProvableResult(blob, { inputFiles: task.files, expected: answer.outputDigest });
 * result.stdout; // bytes the chain's commitment vouches for
 */
export function verifyProvableResult(blob: Uint8Array, options: VerifyOptions = {}): { commitment: Hex; result: ProvableResult } {
  const result = decodeProvableResult(blob);
  const commitment = outputCommitmentOf(outputFieldsOf(result, options.inputFiles ?? {}));
  if (options.expected && options.expected.toLowerCase() !== commitment) {
    throw new ProofgridError(`the result blob yields the output commitment ${commitment}, not ${options.expected}`, {
      code: 'ProvableResultMismatch',
      details: { expected: options.expected, actual: commitment },
    });
  }
  return { commitment, result };
}
