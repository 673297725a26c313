// The refutation costs of decision 027 on a devnet with the real hub (bench/disputes.ts): the ml example's task 0
// answered on an optimistic deal, then refuted by its end binding (true claim, false output digest), by its start
// binding (a claim starting from kmeans), a made-up start demanded and resolved after the clock, and an honest start
// demanded and proven by the answerer. Gas of whole transactions, as the test packages/disputes/src/output/
// bindings.chain.test.ts measures them, here in the benchmark's own run.
import { readFileSync } from 'node:fs';
import { keccak256, toHex } from 'viem';
import { apps } from '../../examples/index.ts';
import { compileModule } from '../../packages/machine/src/index.ts';
import { bindingArguments, machineImageOf } from '../../packages/disputes/src/output/binding.ts';
import { Trace } from '../../packages/disputes/src/trace/trace.ts';
import { demandStart, proveStart, refuteAnswer, resolveStartDemand, setMachineImage } from '@proofgrid/sdk';
import { startOptimisticDeal } from '../../packages/testkit/src/optimisticDeal.ts';

export type Refutations = { refuteEnd: bigint; refuteStart: bigint; demandStart: bigint; proveStart: bigint; resolveStartDemand: bigint };

export async function measureRefutations(): Promise<Refutations> {
  const load = (name: 'ml' | 'kmeans', seed: string) => {
    const spec = apps[name];
    const task = spec.buildTasks()[0]!;
    const module = compileModule(new Uint8Array(readFileSync(spec.wasmPath)));
    return { module, trace: new Trace({ module, args: task.args, files: task.files, seed, limits: spec.limits }) };
  };
  const ml = load('ml', 'ml:0');
  const other = load('kmeans', 'kmeans:0').trace;
  const claim = ml.trace.end();
  const output = ml.trace.output().commitment;
  const deal = await startOptimisticDeal({ volume: 4n, challengeWindow: 7200n });
  try {
    const c = deal.clients;
    const key = deal.key;
    await setMachineImage(c.developer!, { app: key.app, image: machineImageOf(ml.module) });
    const verifier = c.worker1!;
    // end: the run's claim beside a false output digest
    const lie = keccak256(toHex('a false output digest'));
    await deal.answer({ index: 0, outputDigest: lie, claim });
    const end = await refuteAnswer(verifier, {
      key,
      index: 0,
      outputDigest: lie,
      claim,
      end: 'end',
      reveal: bindingArguments(ml.trace, 'end') as never,
    });
    // start: a claim starting from another program's initial state
    const foreign = { ...claim, startRoot: other.rootAt(0n) };
    await deal.answer({ index: 1, outputDigest: output, claim: foreign });
    const start = await refuteAnswer(verifier, {
      key,
      index: 1,
      outputDigest: output,
      claim: foreign,
      end: 'start',
      reveal: bindingArguments(other, 'start') as never,
    });
    // a made-up start root: demanded, not revealed, resolved after the dispute clock
    const madeUp = { ...claim, startRoot: keccak256(toHex('a start root nobody can open')) };
    await deal.answer({ index: 2, outputDigest: output, claim: madeUp });
    await deal.answer({ index: 3, outputDigest: output, claim });
    const demanded = await demandStart(verifier, { key, index: 2, outputDigest: output, claim: madeUp });
    await c.requester!.public.request({ method: 'evm_increaseTime', params: [3601] } as never); // the devnet's clock: 1 h
    await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
    const resolved = await resolveStartDemand(verifier, { key, index: 2 });
    // an honest start demanded and proven by the answerer
    await demandStart(verifier, { key, index: 3, outputDigest: output, claim });
    const proved = await proveStart(c.worker0!, { key, index: 3, reveal: bindingArguments(ml.trace, 'start') as never });
    return {
      refuteEnd: end.gasUsed,
      refuteStart: start.gasUsed,
      demandStart: demanded.gasUsed,
      resolveStartDemand: resolved.gasUsed,
      proveStart: proved.gasUsed,
    };
  } finally {
    await deal.devnet.stop();
  }
}
