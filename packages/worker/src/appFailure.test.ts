// A deterministic failure of the app as the worker commits it (decision 012), run in the real sandbox.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LIMIT_EXIT_CODES, TRAP_EXIT_CODE, decodeFailureReport, failureDigest, resultDigestOf } from '@proofgrid/sdk';
import { AppFailedError, type TaskFailure, batchFailureOf, firstFailure, taskFailureOf } from './appFailure.ts';
import {
  bigMemoryModule,
  exitThreeModule,
  loopModule,
  outputThenTrapModule,
  stdoutFloodModule,
  trapModule,
} from './sandbox/fixtures/probeModules.ts';
import { createSandboxPool } from './sandbox/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'app-failure-'));
const pool = createSandboxPool({ size: 1, tmpDir: dir });
after(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});
const limits = { memoryMb: 16, timeoutMs: 5000, maxOutputBytes: 1 << 20 };
const text = (b: Uint8Array) => new TextDecoder().decode(b);
/** The error a run throws (a trap), or undefined when it returns. */
const errorOf = (module: Uint8Array, l = limits) =>
  pool.run({ module, seed: 's', limits: l }).then(
    () => undefined,
    (err: unknown) => err,
  );
const plain = async (blob: Uint8Array) => ({ blob, digest: resultDigestOf(blob) });

describe('a failure of the app', () => {
  test('a trap is the app failing with exit code 134 and the output it wrote before, never the host message', async () => {
    const failure = taskFailureOf(5, await errorOf(outputThenTrapModule));
    assert.ok(failure);
    assert.equal(failure.task, 5);
    assert.equal(failure.exitCode, TRAP_EXIT_CODE);
    assert.equal(text(failure.stdout), 'about to trap\n');
    assert.equal(text(failure.stderr), 'about to trap\n');
    const silent = taskFailureOf(0, await errorOf(trapModule));
    assert.equal(silent?.stderr.length, 0, 'no V8 message such as "unreachable" in the report');
    assert.equal(taskFailureOf(0, new Error('network down')), undefined, 'not the app: no failure');
  });

  test('a non-zero exit keeps its code (the runner reads it from the result)', async () => {
    const r = await pool.run({ module: exitThreeModule, seed: 's', limits });
    assert.equal(r.exitCode, 3);
    assert.equal(text(r.stderr), 'about to trap\n');
  });

  test('the report and root are the same on every run (replicas agree byte for byte)', async () => {
    const once = async () => batchFailureOf(taskFailureOf(2, await errorOf(outputThenTrapModule)) as TaskFailure, plain);
    const [a, b] = [await once(), await once()];
    assert.deepEqual(a, b);
    assert.equal(a.root, failureDigest({ exitCode: TRAP_EXIT_CODE, outputDigest: a.outputDigest }));
    assert.equal(a.outputDigest, resultDigestOf(a.blob));
    const report = decodeFailureReport(a.blob);
    assert.deepEqual(
      { task: report.task, exitCode: report.exitCode, stderr: text(report.stderr) },
      { task: 2, exitCode: 134, stderr: 'about to trap\n' },
    );
  });

  test('the report is stored as sealed (encrypted for the requester) and committed by the digest of that', async () => {
    const sealed = new Uint8Array([9, 9, 9]);
    const f = await batchFailureOf({ task: 0, exitCode: 3, stdout: new Uint8Array(), stderr: new Uint8Array() }, async () => ({
      blob: sealed,
      digest: resultDigestOf(sealed),
    }));
    assert.equal(f.blob, sealed);
    assert.equal(f.outputDigest, resultDigestOf(sealed));
    assert.equal(f.root, failureDigest({ exitCode: 3, outputDigest: f.outputDigest }));
  });

  test('a batch fails with its first failing task, whatever order the tasks ended in', () => {
    const f = (task: number, exitCode: number) => ({ task, exitCode, stdout: new Uint8Array(), stderr: new Uint8Array() });
    assert.equal(firstFailure([f(7, 1), f(3, 2), f(5, 134)])?.task, 3);
    assert.equal(firstFailure([]), undefined);
  });

  test("the error that carries it out of a run keeps the sandbox's code (reported as a failed lease if it escapes)", async () => {
    const failure = await batchFailureOf(taskFailureOf(0, await errorOf(trapModule)) as TaskFailure, plain);
    assert.equal(new AppFailedError(failure, { maxRunTimeMs: 0, memoryPeakKb: 0 }).code, 'SandboxTrap');
    assert.equal(new AppFailedError({ ...failure, exitCode: 3 }, { maxRunTimeMs: 0, memoryPeakKb: 0 }).code, 'AppExitNonZero');
  });

  // Issue 14: a limit of the category the app runs into is the app's failure too (a result), not a
  // missed deadline that hands the requester the pool's stake.
  const limitCases = [
    { kind: 'memory', module: bigMemoryModule, limits, value: 16 * 1024 * 1024 },
    { kind: 'output', module: stdoutFloodModule, limits: { ...limits, maxOutputBytes: 100_000 }, value: 100_000 },
    { kind: 'time', module: loopModule, limits: { ...limits, timeoutMs: 300 }, value: 300 },
    { kind: 'module', module: new Uint8Array([0, 0x61, 0x73, 0x6d, 9, 9]), limits, value: 0 },
  ] as const;
  for (const c of limitCases) {
    test(`the ${c.kind} limit is a failure of the app with exit code ${LIMIT_EXIT_CODES[c.kind]} and the limit, nothing observed`, async () => {
      const once = async () => {
        const failure = taskFailureOf(1, await errorOf(c.module, c.limits));
        assert.ok(failure, `the ${c.kind} error is the app's failure`);
        return batchFailureOf(failure, plain);
      };
      const [a, b] = [await once(), await once()];
      assert.deepEqual(a, b, 'replicas write the same report');
      const report = decodeFailureReport(a.blob);
      assert.deepEqual(
        { task: report.task, exitCode: report.exitCode, limit: report.limit, stdout: report.stdout.length, stderr: report.stderr.length },
        { task: 1, exitCode: LIMIT_EXIT_CODES[c.kind], limit: { kind: c.kind, value: c.value }, stdout: 0, stderr: 0 },
      );
      const code = new AppFailedError(a, { maxRunTimeMs: 0, memoryPeakKb: 0 }).code;
      assert.equal(
        code,
        { memory: 'SandboxMemoryLimit', output: 'SandboxOutputLimit', time: 'SandboxTimeout', module: 'SandboxInvalidModule' }[c.kind],
      );
    });
  }
});
