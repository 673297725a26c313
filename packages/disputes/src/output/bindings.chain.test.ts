// The claim bindings (decision 027) on a devnet with the real hub: the ml example's task 0 answered three ways on an
// optimistic deal. A liar with the true claim and a false output digest is overturned by the end binding, a claim
// starting from another program (kmeans) by the start binding, and an honest answer survives both: each reveal of
// it reverts BindingHolds and costs the challenger only gas. A start root nobody else can open is demanded: the liar
// cannot reveal it and loses on time, the honest answerer reveals and is paid the demander's deposit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { compileModule } from '@proofgrid/machine';
import {
  type ClaimEndName,
  type DealKey,
  dealIdOf,
  getBalances,
  getMachineImage,
  getTaskResolution,
  demandStart,
  type ProofgridClient,
  proveStart,
  refuteAnswer,
  resolveStartDemand,
  setMachineImage,
  taskIdOf,
} from '@proofgrid/sdk';
import { keccak256, toHex } from 'viem';
import { apps } from '../../../../examples/index.ts';
import { startOptimisticDeal } from '../../../testkit/src/optimisticDeal.ts';
import { Trace } from '../trace/trace.ts';
import { bindingArguments, machineImageOf } from './binding.ts';
import { encodeProvableResult } from './blob.ts';
import { verifyProvableResult } from './provable.ts';

type Deal = Awaited<ReturnType<typeof startOptimisticDeal>>;
type Claim = { startRoot: `0x${string}`; endRoot: `0x${string}`; steps: bigint };

describe('claim bindings on a devnet: end and start refutations', () => {
  let deal: Deal;
  let c: Record<string, ProofgridClient>;
  let key: DealKey;
  let honest: Trace;
  let other: Trace;
  let claim: Claim;
  let output: `0x${string}`;
  const LIE = keccak256(toHex('a false output digest'));

  before(async () => {
    const load = (name: 'ml' | 'kmeans', seed: string) => {
      const spec = apps[name];
      const task = spec.buildTasks()[0]!;
      const module = compileModule(new Uint8Array(readFileSync(spec.wasmPath)));
      return { module, trace: new Trace({ module, args: task.args, files: task.files, seed, limits: spec.limits }) };
    };
    const ml = load('ml', 'ml:0');
    honest = ml.trace;
    other = load('kmeans', 'kmeans:0').trace;
    claim = honest.end();
    output = honest.output().commitment;
    deal = await startOptimisticDeal({ volume: 5n, challengeWindow: 7200n });
    ({ clients: c, key } = deal);
    await setMachineImage(c.developer!, { app: key.app, image: machineImageOf(ml.module) });
  });
  after(() => deal?.devnet.stop());

  const verifier = () => c.worker1!;
  const escrow = async () => (await getBalances(verifier(), { account: verifier().account!.address })).escrow;
  const refute = (index: number, outputDigest: `0x${string}`, cl: Claim, end: ClaimEndName, trace: Trace) =>
    refuteAnswer(verifier(), { key, index, outputDigest, claim: cl, end, reveal: bindingArguments(trace, end) as never });
  const resolution = (index: number) => getTaskResolution(c.requester!, taskIdOf(dealIdOf(key), index));

  test('the app owner registered the image of the ml module', async () => {
    const image = await getMachineImage(c.requester!, { app: key.app, owner: key.appOwner });
    assert.equal(image, machineImageOf(compileModule(new Uint8Array(readFileSync(apps.ml.wasmPath)))));
  });

  test('an honest answer survives both bindings: each reveal reverts BindingHolds and moves no token', async () => {
    await deal.answer({ index: 0, outputDigest: output, claim });
    const before = await escrow();
    for (const end of ['end', 'start'] as const) {
      await assert.rejects(refute(0, output, claim, end, honest), (e: { code: string }) => e.code === 'BindingHolds');
    }
    assert.equal(await escrow(), before, 'the challenger loses nothing but gas (paid in ether)');
    const r = await resolution(0);
    assert.equal(r.state, 'WaitingForResolution');
    assert.equal(r.overturned, false);
    const blob = encodeProvableResult(honest.output().result);
    const ml = apps.ml.buildTasks()[0]!;
    assert.equal(verifyProvableResult(blob, { inputFiles: ml.files, expected: output }).commitment, output, 'the blob yields the answer');
  });

  test('a liar with the true claim and a false output digest is overturned by the end binding', async () => {
    await deal.answer({ index: 1, outputDigest: LIE, claim });
    const before = await escrow();
    const receipt = await refute(1, LIE, claim, 'end', honest);
    const r = await resolution(1);
    assert.equal(r.overturned, true);
    assert.equal(r.state, 'FirmResolution');
    assert.ok((await escrow()) > before, "the answerer's deposit to the challenger");
    console.log(`refuteAnswer (end): ${receipt.gasUsed} gas`);
  });

  test('a claim starting from another program is overturned by the start binding', async () => {
    const foreign = { ...claim, startRoot: other.rootAt(0n) };
    await deal.answer({ index: 2, outputDigest: output, claim: foreign });
    const receipt = await refute(2, output, foreign, 'start', other);
    assert.equal((await resolution(2)).overturned, true);
    console.log(`refuteAnswer (start): ${receipt.gasUsed} gas`);
  });

  const mine = async (seconds: number) => {
    await c.requester!.public.request({ method: 'evm_increaseTime', params: [seconds] } as never);
    await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
  };

  test('a made-up start root is demanded: the liar cannot reveal it and is overturned after the clock', async () => {
    const madeUp = { ...claim, startRoot: keccak256(toHex('a start root nobody can open')) };
    await deal.answer({ index: 3, outputDigest: output, claim: madeUp });
    await deal.answer({ index: 4, outputDigest: output, claim }); // for the next test, before the deal's deadline
    const before = await escrow();
    const demanded = await demandStart(verifier(), { key, index: 3, outputDigest: output, claim: madeUp });
    await assert.rejects(resolveStartDemand(verifier(), { key, index: 3 }), (e: { code: string }) => e.code === 'StartDemandNotDue');
    await mine(3601); // the devnet's dispute clock: 1 h
    const resolved = await resolveStartDemand(verifier(), { key, index: 3 });
    assert.equal((await resolution(3)).overturned, true);
    assert.ok((await escrow()) > before, "the answerer's deposit to the demander");
    console.log(`demandStart: ${demanded.gasUsed} gas, resolveStartDemand: ${resolved.gasUsed} gas`);
  });

  test('an honest answerer reveals its start on demand and is paid the demand deposit', async () => {
    await demandStart(verifier(), { key, index: 4, outputDigest: output, claim });
    const worker = c.worker0!;
    const before = (await getBalances(worker, { account: worker.account!.address })).escrow;
    const proved = await proveStart(worker, { key, index: 4, reveal: bindingArguments(honest, 'start') as never });
    const after = (await getBalances(worker, { account: worker.account!.address })).escrow;
    assert.ok(after > before, "the demander's deposit to the answerer");
    assert.equal((await resolution(4)).state, 'WaitingForResolution');
    console.log(`proveStart: ${proved.gasUsed} gas`);
  });
});
