// The worker's check of a deal's inputs root before answering (decision 031): the leaves built from the deal's params
// must fold to the key's root and hold this task's leased run, or the lease fails with AnswerInputsMismatch.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inputsRootOfTasks } from '@proofgrid/disputes';
import type { DealKey } from '@proofgrid/sdk';
import { type Hex, keccak256, toHex, zeroHash } from 'viem';
import { loadModule, montecarlo } from '../../../../examples/index.ts';
import type { createContentCache } from '../contentCache.ts';
import { createInputsLeaves } from './inputsLeaves.ts';

const module = loadModule('montecarlo');
const args = montecarlo.buildTasks({ paths: 2, tasks: 1 })[0]!.args;
const cache = { get: async () => module } as unknown as ReturnType<typeof createContentCache>;
const params = { args } as never;
const dealId = keccak256(toHex('a deal'));
const own = (index: number, a = args) => ({
  module,
  args: a,
  files: {},
  seed: 'the task id',
  env: { TASK_INDEX: String(index) },
  limits: { memoryMb: 16, maxOutputBytes: 16 << 20 },
});
const keyOf = (inputsRoot: Hex) => ({ volume: 2, inputsRoot }) as DealKey;
const signed = inputsRootOfTasks({ module, tasks: [{ args }, { args }], appMemoryMb: 16 });

describe('inputsLeaves: the worker checks its task against the signed inputs root', () => {
  test('no root: nothing to check', async () => {
    assert.equal(await createInputsLeaves(cache)({ dealId, index: 0 }, keyOf(zeroHash), params, own(0)), undefined);
  });

  test("the requester's root over the deal's params: the leaves, this task's among them", async () => {
    const leaves = await createInputsLeaves(cache)({ dealId, index: 1 }, keyOf(signed.root), params, own(1));
    assert.deepEqual(leaves, signed.leaves);
  });

  test('a root over other inputs, or a leased run on other arguments: AnswerInputsMismatch', async () => {
    const other = inputsRootOfTasks({ module, tasks: [{ args }, { args: ['1'] }], appMemoryMb: 16 }).root;
    const check = createInputsLeaves(cache);
    const mismatch = (e: { code?: string }) => e.code === 'AnswerInputsMismatch';
    await assert.rejects(check({ dealId, index: 0 }, keyOf(other), params, own(0)), mismatch);
    await assert.rejects(createInputsLeaves(cache)({ dealId, index: 0 }, keyOf(signed.root), params, own(0, ['1'])), mismatch);
  });
});
