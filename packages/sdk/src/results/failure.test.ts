import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeAbiParameters, keccak256, toHex } from 'viem';
import { FAILURE_TAG, TRAP_EXIT_CODE, decodeFailureReport, failureDigest, failureReport } from './failure.ts';
import { encodeResult, resultDigestOf } from './resultCodec.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const output = keccak256(toHex('report'));

test('the failure root is keccak256(abi.encode(tag, uint32 exitCode, outputDigest)) with the contract tag', () => {
  assert.equal(FAILURE_TAG, keccak256(toHex('proofgrid.failure.v1')));
  const expected = keccak256(
    encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint32' }, { type: 'bytes32' }], [FAILURE_TAG, 134, output]),
  );
  assert.equal(failureDigest({ exitCode: TRAP_EXIT_CODE, outputDigest: output }), expected);
});

test('identical failures agree; another exit code or another output does not', () => {
  const a = failureDigest({ exitCode: 1, outputDigest: output });
  assert.equal(a, failureDigest({ exitCode: 1, outputDigest: output }));
  assert.notEqual(a, failureDigest({ exitCode: 2, outputDigest: output }));
  assert.notEqual(a, failureDigest({ exitCode: 1, outputDigest: keccak256(toHex('other')) }));
});

test('exit code 0 (a success) and non-integers are refused', () => {
  for (const exitCode of [0, -1, 1.5, 2 ** 32]) {
    assert.throws(() => failureDigest({ exitCode, outputDigest: output }), { code: 'FailureExitCodeInvalid' });
  }
});

test('a failure report round-trips; its digest is the sha256 of its blob and its root commits to both', () => {
  const report = { task: 7, exitCode: TRAP_EXIT_CODE, stdout: enc('half a line'), stderr: enc('index out of bounds') };
  const { blob, outputDigest, root } = failureReport(report);
  assert.deepEqual(decodeFailureReport(blob), report);
  assert.equal(outputDigest, resultDigestOf(blob));
  assert.equal(root, failureDigest({ exitCode: TRAP_EXIT_CODE, outputDigest }));
  assert.deepEqual(failureReport(report).blob, blob, 'deterministic: replicas agree byte for byte');
});

test('a blob that is not a failure report is refused', () => {
  assert.throws(() => decodeFailureReport(encodeResult({ stdout: enc('ok'), files: {} })), { code: 'FailureReportInvalid' });
  assert.throws(() => decodeFailureReport(new Uint8Array([1, 2])), { code: 'FailureReportInvalid' });
});
