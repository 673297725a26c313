import { encodeAbiParameters, keccak256 } from 'viem';

export type Hex = `0x${string}`;

/** The domain tag of an output commitment (decision 027). */
export const OUTPUT_TAG = 'proofgrid.output.v1';

/**
 * What a halted run's output commitment is made of: fields of its end state (status, exit code) and of that state's
 * I/O fields (the running hashes of stdout and stderr, the root of the file table of /in and /out).
 */
export type OutputFields = {
  /** 1 exited, 2 trapped (0, running, has no output: the hub refuses it). */
  status: number;
  exitCode: number;
  stdoutHash: Hex;
  stderrHash: Hex;
  filesRoot: Hex;
};

/**
 * The output commitment of a halted run, equal byte for byte to the hub's `BindingChecks.outputCommitment`:
 * keccak256(abi.encode("proofgrid.output.v1", uint8 status, uint32 exitCode, stdoutHash, stderrHash, filesRoot)).
 * A provable task's `outputDigest` is this value (decision 027).
 * @example
 * const digest = outputCommitmentOf({ status: 1, exitCode: 0, stdoutHash, stderrHash, filesRoot });
 */
export function outputCommitmentOf(f: OutputFields): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'string' }, { type: 'uint8' }, { type: 'uint32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [OUTPUT_TAG, f.status, f.exitCode, f.stdoutHash, f.stderrHash, f.filesRoot],
    ),
  );
}
