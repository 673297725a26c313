// The inputs root (decision 031) on a devnet with the real hub: the requester signs the root of the ml example's
// tasks' inputs (computed here with the machine's own code); the honest answerer of task 0 proves its start on demand
// with its leaf's proof, and a liar who answers task 1 with a true run of the right program on other inputs (task 0's
// arguments and files) cannot prove its start (StartInputsUnbound): the demand overturns it after the clock.
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
    requests = tasks.map((t, i) => ({ module, args: t.args, files: t.files, seed: `ml:${i}`, limits: spec.limits }));
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

  test('an honest start proves with its leaf; a liar on task 1 running task 0 inputs is overturned', async () => {
    const honest = new Trace(requests[0]!);
    const claim = honest.end();
    const output = honest.output().commitment;
    await deal.answer({ index: 0, outputDigest: output, claim });
    await deal.answer({ index: 1, outputDigest: output, claim, worker: 'worker0' }); // task 0's true run, as task 1's
    const fields = taskInputsFieldsOf(honest);
    await demandStart(verifier(), { key, index: 0, outputDigest: output, claim });
    await demandStart(verifier(), { key, index: 1, outputDigest: output, claim });
    const reveal = bindingArguments(honest, 'start') as never;
    // The liar's best: its start's fields with task 1's path, or task 0's path at index 1.
    for (const inputs of [inputsProofOf(fields, leaves, 1), inputsProofOf(fields, leaves, 0)]) {
      await assert.rejects(
        proveStart(c.worker0!, { key, index: 1, reveal, inputs }),
        (e: { code: string }) => e.code === 'StartInputsUnbound',
      );
    }
    const proved = await proveStart(c.worker0!, { key, index: 0, reveal, inputs: inputsProofOf(fields, leaves, 0) });
    console.log(`proveStart with an inputs proof: ${proved.gasUsed} gas`);
    await mine(3601); // the devnet's dispute clock: 1 h
    await resolveStartDemand(verifier(), { key, index: 1 });
    assert.equal((await resolution(1)).overturned, true, 'the start on other inputs is overturned');
    assert.equal((await resolution(0)).overturned, false, 'the honest start holds');
  });
});
