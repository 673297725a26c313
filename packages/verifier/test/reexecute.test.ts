// honestRunOf: the verifier's own run of a task, bounded. A run that halts gives its claim and output commitment (the
// same as the disputes package's Trace); one that does not halt within --max-steps is unverifiable, not a hang.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Trace } from '@proofgrid/disputes';
import type { TaskInputs } from '@proofgrid/sdk';
import { buildModule, i32c } from '../../machine/src/testing/wasmBuilder.ts';
import { honestRunOf } from '../src/reexecute.ts';

const inputsOf = (module: Uint8Array): TaskInputs => ({
  index: 0,
  taskId: `0x${'01'.repeat(32)}`,
  seed: `0x${'01'.repeat(32)}`,
  args: [],
  moduleHash: `0x${'00'.repeat(32)}`,
  module,
  files: {},
  fileHashes: {},
  env: { TASK_INDEX: '0' },
  limits: { memoryMb: 16, timeoutMs: 1000, maxOutputBytes: 1 << 20 },
});
/** A loop of `n` iterations (n = -1: forever), then it returns. */
const loop = (n: number) =>
  buildModule({
    memory: { min: 1 },
    funcs: [
      {
        locals: [0x7f],
        body: [
          ...[...i32c(n), 0x21, 0x00], // local.set 0
          ...[0x03, 0x40], // loop
          ...[0x20, 0x00, ...i32c(1), 0x6b, 0x22, 0x00], // local.tee 0 (local 0 - 1)
          ...[0x0d, 0x00], // br_if 0 while non-zero
          0x0b, // end loop (buildModule ends the function)
        ],
      },
    ],
  });

describe('honestRunOf', () => {
  test('a run that halts: its claim and output commitment, as the disputes package computes them', () => {
    const inputs = inputsOf(loop(100));
    const run = honestRunOf(inputs, 10_000);
    const trace = new Trace({ ...inputs, limits: { memoryMb: 16, maxOutputBytes: 1 << 20 } });
    assert.deepEqual(run.claim, trace.end());
    assert.equal(run.outputDigest, trace.output().commitment);
    assert.ok(run.claim.steps > 100n);
  });
  test('a run that does not halt within maxSteps is unverifiable (bounded, no hang)', () => {
    assert.throws(
      () => honestRunOf(inputsOf(loop(-1)), 50_000),
      (e: { code: string; message: string }) => e.code === 'VerifierTaskUnverifiable' && /runs past 50000 steps/.test(e.message),
    );
  });
  test('a module the machine refuses is unverifiable', () => {
    assert.throws(
      () => honestRunOf(inputsOf(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99])), 1000),
      (e: { code: string }) => e.code === 'VerifierTaskUnverifiable',
    );
  });
});
