// The off-chain output commitment (decision 027) over real runs of the ml example: the blob round-trips, a
// verifier recomputes the trace's commitment from the blob's bytes and the task's input files alone, and any change
// of the bytes is a typed error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { compileModule, hashIo, type Program, toHex } from '@proofgrid/machine';
import { ProofgridError } from '@proofgrid/sdk/errors';
import { apps } from '../../../../examples/index.ts';
import { Trace, type TraceOutput } from '../trace/trace.ts';
import { bindingArguments, machineImageOf } from './binding.ts';
import { decodeProvableResult, encodeProvableResult } from './blob.ts';
import { outputCommitmentOf } from './commitment.ts';
import { streamHashOf, verifyProvableResult } from './provable.ts';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof ProofgridError, String(error));
    return error.code;
  }
  assert.fail('no error');
};

describe('output commitment of a provable run', () => {
  const spec = apps.ml;
  const tasks = spec.buildTasks();
  let program: Program;
  let trace: Trace;
  let out: TraceOutput;
  before(() => {
    program = compileModule(new Uint8Array(readFileSync(spec.wasmPath)));
    trace = new Trace({ module: program, args: tasks[0]!.args, files: tasks[0]!.files, seed: 'ml:0', limits: spec.limits });
    out = trace.output();
  });

  test('the commitment is the hash of the halted end state fields, and the blob yields it from bytes alone', () => {
    const { state, io } = trace.reveal(trace.end().steps);
    assert.equal(state.status, 1);
    assert.equal(toHex(hashIo(io)), toHex(state.ioHash));
    assert.equal(
      out.commitment,
      outputCommitmentOf({
        status: state.status,
        exitCode: state.exitCode,
        stdoutHash: toHex(io.stdoutHash),
        stderrHash: toHex(io.stderrHash),
        filesRoot: toHex(io.filesRoot),
      }),
    );
    assert.ok(out.result.stdout.length > 0 && out.result.stdoutChunks.length > 0);
    assert.equal(streamHashOf(out.result.stdout, out.result.stdoutChunks), toHex(io.stdoutHash));
    assert.ok(Object.keys(out.result.files).length > 0, 'the ml task writes /out files');
    assert.ok(
      Object.values(out.result.inFiles).every((f) => f === null),
      'the input files are unchanged',
    );
    const blob = encodeProvableResult(out.result);
    assert.deepEqual(decodeProvableResult(blob), out.result);
    assert.deepEqual(encodeProvableResult(decodeProvableResult(blob)), blob);
    const { commitment, result } = verifyProvableResult(blob, { inputFiles: tasks[0]!.files, expected: out.commitment });
    assert.equal(commitment, out.commitment);
    assert.deepEqual(result.files, out.result.files);
  });

  test('a changed byte, missing input files or a cut blob fail with typed errors', () => {
    const blob = encodeProvableResult(out.result);
    const files = { ...out.result.files };
    const name = Object.keys(files)[0]!;
    files[name] = Uint8Array.from(files[name]!, (b, i) => (i === 0 ? b ^ 1 : b));
    const forged = encodeProvableResult({ ...out.result, files });
    assert.equal(
      codeOf(() => verifyProvableResult(forged, { inputFiles: tasks[0]!.files, expected: out.commitment })),
      'ProvableResultMismatch',
    );
    const rechunked = encodeProvableResult({ ...out.result, stdoutChunks: [out.result.stdout.length] });
    assert.equal(
      codeOf(() => verifyProvableResult(rechunked, { inputFiles: tasks[0]!.files, expected: out.commitment })),
      'ProvableResultMismatch',
    );
    assert.equal(
      codeOf(() => verifyProvableResult(blob, { expected: out.commitment })),
      'ProvableResultMalformed',
    );
    assert.equal(
      codeOf(() => verifyProvableResult(blob.subarray(0, blob.length - 1))),
      'ProvableResultMalformed',
    );
    assert.equal(
      codeOf(() => verifyProvableResult(Uint8Array.of(...blob, 0))),
      'ProvableResultMalformed',
    );
    assert.equal(
      codeOf(() => verifyProvableResult(new Uint8Array(3))),
      'ProvableResultMalformed',
    );
  });

  test('the binding arguments reveal the claim ends, and the image is the module alone', () => {
    const start = bindingArguments(trace, 'start');
    const end = bindingArguments(trace, 'end');
    assert.equal(start.state.steps, 0n);
    assert.equal(end.state.status, 1);
    assert.equal(end.io.stdoutHash, toHex(trace.reveal(trace.end().steps).io.stdoutHash));
    const image = machineImageOf(program);
    const other = new Trace({ module: program, args: tasks[1]!.args, files: tasks[1]!.files, seed: 'ml:1', limits: spec.limits });
    assert.notEqual(other.rootAt(0n), trace.rootAt(0n), 'another task starts from another state');
    assert.equal(machineImageOf(new Uint8Array(readFileSync(spec.wasmPath))), image, 'same module, same image');
    const kmeans = compileModule(new Uint8Array(readFileSync(apps.kmeans.wasmPath)));
    assert.notEqual(machineImageOf(kmeans), image);
  });
});
