// Random steps of every example app's default task (task 0): each step's proof checks against its pre-state root
// in TypeScript, and a share of them is executed by the Solidity prover, whose post-state root must be the
// interpreter's. The samples include the first micro-steps of every host call, all proven on chain.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { apps } from '../../../../examples/index.ts';
import { compileModule } from '../compile/compileModule.ts';
import { instructionClass } from '../compile/opcodes.ts';
import { run } from '../exec/execute.ts';
import { startSession } from '../run/runModule.ts';
import { toHex } from '../state/merkle.ts';
import { Commitment } from '../state/stateHash.ts';
import { proveStep, verifyStepProof } from '../state/stepProof.ts';
import { decodeInstruction } from '../state/stepShape.ts';
import { deployProver } from '../testing/onchainProver.ts';

const PER_APP = 300;
const ON_CHAIN_EVERY = 6;

describe('random steps of the example apps’ default tasks', () => {
  let prover: Awaited<ReturnType<typeof deployProver>>;
  before(async () => {
    prover = await deployProver();
  });
  after(() => prover?.stop());

  for (const name of Object.keys(apps) as (keyof typeof apps)[]) {
    test(`${name}: ${PER_APP} random steps and the first micro-steps of each host call prove and check, every ${ON_CHAIN_EVERY}th (every host step) on chain`, async () => {
      const spec = apps[name];
      const task = spec.buildTasks()[0]!;
      const program = compileModule(new Uint8Array(readFileSync(spec.wasmPath)));
      const request = { module: program, args: task.args, files: task.files, seed: `${name}:0`, limits: spec.limits };
      const counting = startSession(request).machine;
      counting.pauseAtHost = true;
      const hostSteps: number[] = [];
      while (counting.status === 'running') {
        run(counting, 1 << 24);
        const pc = counting.pc;
        for (let micro = 0; counting.status === 'running' && counting.code[4 * pc] === 0x12 && counting.pc === pc; micro++) {
          if (micro < 3) hostSteps.push(counting.steps);
          run(counting, 1);
        }
      }
      let seed = name.length * 7919;
      const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
      const picks = [
        ...new Set(Array.from({ length: PER_APP }, () => ((next() * 2 ** 16 + (next() & 0xffff)) % (counting.steps - 1)) + 1)),
      ];
      const samples = [...new Set([...picks, ...hostSteps])].sort((a, b) => a - b);
      const session = startSession(request);
      const commitment = new Commitment(session);
      const classes = new Set<string>();
      let onChain = 0;
      for (const [i, step] of samples.entries()) {
        run(session.machine, step - session.machine.steps);
        const root = commitment.root();
        const proof = proveStep(commitment);
        verifyStepProof(root, proof);
        const cls = instructionClass(decodeInstruction(proof.instruction.leaf)[0]);
        classes.add(cls);
        assert.equal(proof.unprovable, undefined, `${name} step ${step}: every step of the apps is provable`);
        if (i % ON_CHAIN_EVERY !== 0 && cls !== 'host call') continue;
        const post = await prover.step(root, proof);
        run(session.machine, 1);
        assert.equal(post, toHex(commitment.root()), `${name} step ${step} (${cls})`);
        onChain++;
      }
      assert.ok(picks.length >= PER_APP * 0.99, `${picks.length} distinct steps`);
      assert.ok(onChain >= samples.length / ON_CHAIN_EVERY - 2, `${onChain} steps proven on chain`);
      assert.ok(classes.has('host call'), 'host-call micro-steps are among the samples');
      assert.ok(classes.size >= 8, `${classes.size} instruction classes: ${[...classes].join(', ')}`);
    });
  }
});
