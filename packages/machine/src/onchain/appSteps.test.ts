// Random steps of every example app's default task (task 0): at least 1,000 drawn at random and the first
// micro-steps of every host call (so every host-call kind the app makes), each checked against its pre-state root in
// TypeScript and executed by the Solidity prover, whose post-state root must be the interpreter's.
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
import { decodeFunction, decodeInstruction } from '../state/stepShape.ts';
import { deployProver } from '../testing/onchainProver.ts';
import { type ProvenStep, proveMany } from '../testing/proveMany.ts';

const PER_APP = 1000;

describe('random steps of the example apps’ default tasks', () => {
  let prover: Awaited<ReturnType<typeof deployProver>>;
  before(async () => {
    prover = await deployProver();
  });
  after(() => prover?.stop());

  for (const name of Object.keys(apps) as (keyof typeof apps)[]) {
    test(`${name}: ${PER_APP} random steps and the first micro-steps of each host call prove and check on chain`, async () => {
      const spec = apps[name];
      const task = spec.buildTasks()[0]!;
      const program = compileModule(new Uint8Array(readFileSync(spec.wasmPath)));
      const request = { module: program, args: task.args, files: task.files, seed: `${name}:0`, limits: spec.limits };
      const counting = startSession(request).machine;
      counting.pauseAtHost = true;
      const hostSteps: number[] = [];
      const hostCalls = new Set<string>();
      while (counting.status === 'running') {
        run(counting, 1 << 24);
        const pc = counting.pc;
        if (counting.status === 'running' && counting.code[4 * pc] === 0x12)
          hostCalls.add(counting.program.module.imports[counting.code[4 * pc + 1]!]!.name);
        for (let micro = 0; counting.status === 'running' && counting.code[4 * pc] === 0x12 && counting.pc === pc; micro++) {
          if (micro < 3) hostSteps.push(counting.steps);
          run(counting, 1);
        }
      }
      let seed = name.length * 7919;
      const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
      const picks = [
        ...new Set(Array.from({ length: PER_APP + 10 }, () => ((next() * 2 ** 16 + (next() & 0xffff)) % (counting.steps - 1)) + 1)),
      ];
      const samples = [...new Set([...picks, ...hostSteps])].sort((a, b) => a - b);
      const session = startSession(request);
      const commitment = new Commitment(session);
      const classes = new Set<string>();
      const provenHost = new Set<string>();
      const steps: ProvenStep[] = [];
      for (const step of samples) {
        run(session.machine, step - session.machine.steps);
        const root = commitment.root();
        const proof = proveStep(commitment);
        verifyStepProof(root, proof);
        const [op, a] = decodeInstruction(proof.instruction.leaf);
        classes.add(instructionClass(op));
        if (op === 0x12 && decodeFunction(proof.callee!.leaf).host > 0) provenHost.add(program.module.imports[a]!.name);
        assert.equal(proof.unprovable, undefined, `${name} step ${step}: every step of the apps is provable`);
        run(session.machine, 1);
        steps.push({ root, proof, post: toHex(commitment.root()) });
      }
      const posts = await proveMany(prover, steps);
      for (const [i, s] of steps.entries()) assert.equal(posts[i], s.post, `${name} step ${samples[i]}`);
      assert.ok(picks.length >= PER_APP, `${picks.length} distinct random steps`);
      assert.deepEqual([...provenHost].sort(), [...hostCalls].sort(), 'every host call the task makes is among the proven steps');
      assert.ok(classes.size >= 8, `${classes.size} instruction classes: ${[...classes].join(', ')}`);
    });
  }
});
