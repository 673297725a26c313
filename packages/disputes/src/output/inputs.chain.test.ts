// The inputs root (decision 031) on a devnet with the real hub: the requester signs the root of the ml example's
// tasks' inputs (computed here with the machine's own code, before the deal exists); the honest answerer of task 0
// (seeded with its task id, as workers run it) proves its start on demand with its leaf's proof; a liar who answers
// task 1 with a true run of the right program on other inputs (task 0's), and one who answers task 2 on its own inputs
// with another seed, cannot prove their starts (StartInputsUnbound): the demands overturn them after the clock.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { compileModule, type MachineRequest } from '@proofgrid/machine';
import {
  type DealKey,
  dealIdOf,
  demandStart,
  getTaskResolution,
  type ProofgridClient,
  proveStart,
  resolveStartDemand,
  setMachineImage,
  taskIdOf,
} from '@proofgrid/sdk';
import { apps } from '../../../../examples/index.ts';
import { startOptimisticDeal } from '../../../testkit/src/optimisticDeal.ts';
import { Trace } from '../trace/trace.ts';
import { bindingArguments, machineImageOf } from './binding.ts';
import { inputsProofOf, inputsRootOf, inputsRootOfLeaves, inputsSiblingsOf, taskInputsFieldsOf } from './inputs.ts';

type Deal = Awaited<ReturnType<typeof startOptimisticDeal>>;

describe('inputs root on a devnet: a start on other inputs cannot be proven', () => {
  let deal: Deal;
  let c: Record<string, ProofgridClient>;
  let key: DealKey;
  let requests: MachineRequest[];
  let leaves: `0x${string}`[];
  let root: `0x${string}`;

  before(async () => {
    const spec = apps.ml;
    const module = compileModule(new Uint8Array(readFileSync(spec.wasmPath)));
    const tasks = spec.buildTasks().slice(0, 3);
    requests = tasks.map((t) => ({ module, args: t.args, files: t.files, seed: 'any seed: not in the leaf', limits: spec.limits }));
    ({ root, leaves } = inputsRootOf(requests));
    deal = await startOptimisticDeal({ volume: BigInt(requests.length), challengeWindow: 7200n, inputsRoot: root });
    ({ clients: c, key } = deal);
    await setMachineImage(c.developer!, { app: key.app, image: machineImageOf(module) });
  });
  after(() => deal?.devnet.stop());

  const verifier = () => c.worker1!;
  const resolution = (index: number) => getTaskResolution(c.requester!, taskIdOf(dealIdOf(key), index));
  const mine = async (seconds: number) => {
    await c.requester!.public.request({ method: 'evm_increaseTime', params: [seconds] } as never);
    await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
  };

  test('the tree: the signed root is in the key; every leaf folds to it with its siblings', () => {
    assert.equal(key.inputsRoot, root);
    assert.equal(leaves.length, 3);
    assert.equal(new Set(leaves).size, 3, 'each leaf names its task index');
    assert.equal(inputsRootOfLeaves([leaves[0]!]), leaves[0], 'one task: its leaf is the root');
    assert.equal(inputsSiblingsOf(leaves, 2).length, 2);
  });

  test('an honest start proves with its leaf; liars on other inputs or another seed are overturned', async () => {
    const seeded = (i: number, seed: string) => new Trace({ ...requests[i]!, seed });
    const honest = seeded(0, taskIdOf(dealIdOf(key), 0));
    const otherSeed = seeded(2, 'another seed');
    const answered = [honest, honest, otherSeed]; // task 1 answered with task 0's true run
    for (const [index, trace] of answered.entries()) {
      const outputDigest = trace.output().commitment;
      await deal.answer({ index, outputDigest, claim: trace.end() });
      await demandStart(verifier(), { key, index, outputDigest, claim: trace.end() });
    }
    const fields = taskInputsFieldsOf(honest);
    assert.equal(fields.random, false, 'the ml module draws no random numbers: the hub checks its seed');
    // The liars' best: their starts' fields with their task's path, or the path of the task they ran.
    const liars = [
      { index: 1, trace: honest, proofs: [inputsProofOf(fields, leaves, 1), inputsProofOf(fields, leaves, 0)] },
      { index: 2, trace: otherSeed, proofs: [inputsProofOf(taskInputsFieldsOf(otherSeed), leaves, 2)] },
    ];
    for (const { index, trace, proofs } of liars) {
      for (const inputs of proofs) {
        const reveal = bindingArguments(trace, 'start') as never;
        await assert.rejects(
          proveStart(c.worker0!, { key, index, reveal, inputs }),
          (e: { code: string }) => e.code === 'StartInputsUnbound',
        );
      }
    }
    const reveal = bindingArguments(honest, 'start') as never;
    const proved = await proveStart(c.worker0!, { key, index: 0, reveal, inputs: inputsProofOf(fields, leaves, 0) });
    console.log(`proveStart with an inputs proof: ${proved.gasUsed} gas`);
    await mine(3601); // the devnet's dispute clock: 1 h
    for (const index of [1, 2]) await resolveStartDemand(verifier(), { key, index });
    assert.equal((await resolution(1)).overturned, true, 'the start on other inputs is overturned');
    assert.equal((await resolution(2)).overturned, true, 'the start with another seed is overturned');
    assert.equal((await resolution(0)).overturned, false, 'the honest start holds');
  });
});
