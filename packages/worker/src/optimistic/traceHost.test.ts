// The provable run of an optimistic answer off the worker's main thread and bounded by its lease (H6, issue 16
// follow-up): an app that never halts fails with a typed error instead of blocking the worker forever, and the
// event loop (heartbeats) turns while the interpreter runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Trace, bindingArguments, decideMove, machineImageOf, vectorOf } from '@proofgrid/disputes';
import { exitThreeModule, loopModule } from '../sandbox/fixtures/probeModules.ts';
import { openTrace, traceBoundsOf } from './traceHost.ts';

const request = (module: Uint8Array) => ({
  module,
  args: [],
  files: {},
  seed: '1',
  env: {},
  limits: { memoryMb: 16, maxOutputBytes: 1 << 20 },
});

/** Event-loop turns while `work` is pending: a synchronous run would leave none. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ turns: number; outcome: T | Error }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const outcome = await work.catch((err: Error) => err);
  done = true;
  return { turns, outcome };
}

describe('the provable run in a trace thread, bounded by the lease', () => {
  test('the step budget comes from the lease: timeoutMs x 10^5 steps', () => {
    assert.deepEqual(traceBoundsOf({ timeoutMs: 60_000 }), { maxSteps: 6_000_000_000, wallMs: 1_200_000 });
  });

  test('an app that never halts fails with AnswerStepBudget, and the event loop turns meanwhile', async () => {
    const run = openTrace(request(loopModule), { maxSteps: 2_000_000, wallMs: 600_000 });
    const { turns, outcome } = await turnsDuring(run.end());
    await run.close();
    assert.ok(outcome instanceof Error);
    assert.equal((outcome as { code?: string }).code, 'AnswerStepBudget');
    assert.deepEqual((outcome as { details?: unknown }).details, { maxSteps: 2_000_000 });
    assert.ok(turns > 0, 'the main thread was free while the machine ran');
  });

  test('past its wall-clock bound the thread is terminated: AnswerTimeout', async () => {
    // A budget it can never use up: only the wall clock can end this run.
    const run = openTrace(request(loopModule), { maxSteps: Number.MAX_SAFE_INTEGER, wallMs: 1_500 });
    await assert.rejects(run.end(), (err: { code?: string }) => err.code === 'AnswerTimeout');
    await assert.rejects(run.end(), (err: { code?: string }) => err.code === 'AnswerTimeout', 'the handle is dead');
  });

  test('a run that halts gives the same claim and output as the Trace in process; moves are computed in the thread', async () => {
    const run = openTrace(request(exitThreeModule), { maxSteps: 1_000_000, wallMs: 600_000 });
    try {
      const { claim, output } = await run.end();
      const local = new Trace(request(exitThreeModule));
      assert.deepEqual(claim, local.end());
      assert.equal(output.commitment, local.output().commitment);
      assert.equal(output.result.exitCode, 3);
      // A liar's claim with another end root: the defender's move bisects with the honest roots.
      const liar = { start: 0n, length: claim.steps, roots: [claim.startRoot, `0x${'ab'.repeat(32)}` as const] };
      const move = await run.move(liar);
      assert.deepEqual(move, decideMove(liar, local));
      if (move.kind === 'bisect') assert.deepEqual(move.roots, vectorOf(local, 0n, claim.steps));
    } finally {
      await run.close();
    }
  });

  test("the start state's pre-images (proveStart) and the module's machine image are computed in the thread", async () => {
    const run = openTrace(request(exitThreeModule), { maxSteps: 1_000_000, wallMs: 600_000 });
    try {
      const local = new Trace(request(exitThreeModule));
      assert.deepEqual(await run.start(), bindingArguments(local, 'start'));
      assert.equal(await run.image(), machineImageOf(exitThreeModule));
    } finally {
      await run.close();
    }
  });
});
