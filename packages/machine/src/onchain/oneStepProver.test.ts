// Differential test of contracts/src/machine/OneStepProver.sol against the TypeScript machine: for every step of
// programs built from the instruction classes the contract covers, the contract's post-state root from the
// pre-state and proveStep's proof must equal the interpreter's root after the step.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { instructionClass, Op, opName } from '../compile/opcodes.ts';
import { compileModule } from '../compile/compileModule.ts';
import { readFileSync } from 'node:fs';
import { apps } from '../../../../examples/index.ts';
import { run } from '../exec/execute.ts';
import { startSession } from '../run/runModule.ts';
import { toHex } from '../state/merkle.ts';
import { Commitment } from '../state/stateHash.ts';
import { decodeInstruction } from '../state/stepShape.ts';
import { proveStep } from '../state/stepProof.ts';
import { deployProver, proverCovers as covered } from '../testing/onchainProver.ts';
import { coveredClassesModule, copy, fill, randomIntegerModule } from '../testing/proverPrograms.ts';
import { floatArithmeticModule, floatBitsModule, floatConversionModules } from '../testing/floatPrograms.ts';
import { buildModule, i32c, i64c, T } from '../testing/wasmBuilder.ts';

type Prover = Awaited<ReturnType<typeof deployProver>>;
const LIMITS = { memoryMb: 16, maxOutputBytes: 1024 };

/** Every opcode some test below proved on chain (the coverage report of the last test). */
const provenOps = new Set<number>();

/**
 * Proves every step on chain until the first instruction the contract does not cover; returns gas by class. The
 * eth_calls of up to 200 steps go out together (one JSON-RPC batch), each checked against the interpreter's root.
 */
async function proveOnChain(prover: Prover, bytes: Uint8Array, gas?: Map<string, bigint[]>) {
  const session = startSession({ module: bytes, seed: 's', limits: LIMITS });
  const commitment = new Commitment(session);
  let proven = 0;
  let stoppedAt = '';
  const pending: Promise<unknown>[] = [];
  while (session.machine.status === 'running') {
    const root = commitment.root();
    const proof = proveStep(commitment);
    const op = decodeInstruction(proof.instruction.leaf)[0];
    const cls = instructionClass(op);
    if (!covered(op)) {
      await assert.rejects(prover.step(root, proof), /UnsupportedInstruction/);
      stoppedAt = cls;
      break;
    }
    const onChain = prover.step(root, proof);
    if (gas) pending.push(prover.gas(root, proof).then((g) => gas.set(cls, [...(gas.get(cls) ?? []), g])));
    run(session.machine, 1);
    const [want, label] = [toHex(commitment.root()), `step ${session.machine.steps} (${cls}, pc ${proof.state.pc})`];
    pending.push(onChain.then((got) => assert.equal(got, want, label)));
    provenOps.add(op);
    proven++;
    if (pending.length >= 200) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return { proven, machine: session.machine, stoppedAt };
}

describe('the one-step prover contract against the interpreter', () => {
  let prover: Prover;
  before(async () => {
    prover = await deployProver();
  });
  after(() => prover?.stop());

  test('every step of a program using each covered class: same post-state root; gas per class', async (t) => {
    const gas = new Map<string, bigint[]>();
    const bytes = coveredClassesModule();
    const { proven, stoppedAt } = await proveOnChain(prover, bytes, gas);
    assert.ok(proven > 150, `${proven} steps proven`);
    assert.equal(stoppedAt, '', 'every step is covered, to the final return');
    for (const [cls, xs] of [...gas].sort()) {
      xs.sort((a, b) => Number(a - b));
      t.diagnostic(`${cls}: ${xs.length} steps, gas median ${xs[xs.length >> 1]}, worst ${xs.at(-1)}`);
      assert.ok(xs.at(-1)! <= 400_000n, `${cls} worst ${xs.at(-1)} gas is over the 400k target`);
    }
  });

  test('random i32 and i64 instructions on edge operands and random loads/stores: same post-state roots', async () => {
    const { proven, stoppedAt } = await proveOnChain(prover, randomIntegerModule());
    assert.ok(proven >= 1000, `${proven} steps proven`);
    assert.equal(stoppedAt, '');
  });

  test('float comparisons, abs, neg, copysign, min, max, ceil, floor, trunc, nearest, f32 and f64 arithmetic on edge bit patterns (NaNs with payloads, zeros, subnormals)', async () => {
    const { proven, stoppedAt } = await proveOnChain(prover, floatBitsModule());
    assert.ok(proven > 1500, `${proven} steps proven`);
    assert.equal(stoppedAt, '');
  });

  test('f32 and f64 add, sub, mul, div, sqrt on random operands (normal, subnormal, huge, tiny, cancelling): same post-state roots', async () => {
    const { proven, stoppedAt } = await proveOnChain(prover, floatArithmeticModule());
    assert.ok(proven >= 1250, `${proven} steps proven`);
    assert.equal(stoppedAt, '');
  });

  test('every float conversion on edge values: integer to f32/f64 (ties to even), demote, promote, trapping and saturating truncations', async () => {
    let [proven, trapped] = [0, 0];
    for (const bytes of floatConversionModules()) {
      const run = await proveOnChain(prover, bytes);
      assert.equal(run.stoppedAt, '');
      proven += run.proven;
      if (run.machine.status === 'trapped') trapped++;
    }
    assert.ok(proven > 1000, `${proven} steps proven`);
    assert.ok(trapped > 60, `${trapped} trapping truncations (NaN, infinities, out of range)`);
  });

  test('traps: division by zero, INT_MIN / -1, accesses past the end, call stack, unreachable, call_indirect', async () => {
    const cases = [
      [...i32c(1), ...i32c(0), 0x6d],
      [...i32c(1), ...i32c(0), 0x70],
      [...i32c(-0x80000000), ...i32c(-1), 0x6d],
      [...i64c(1n), ...i64c(0n), 0x81],
      [...i64c(-(2n ** 63n)), ...i64c(-1n), 0x7f],
      [...i32c(65_533), 0x28, 0x00, 0x00],
      [...i32c(65_535), 0x2d, 0x00, 0x01],
      [...i32c(65_530), ...i64c(1n), 0x37, 0x00, 0x00, ...i32c(0)],
      [...fill(65_530, 1, 7), ...i32c(0)],
      [...copy(0, 65_530, 7), ...i32c(0)],
      [...copy(65_530, 0, 7), ...i32c(0)],
    ];
    // A function reaching an operand height of 3,000 leaves room for 174 frames: the 174th nested call traps.
    cases.push([0x10, 0, ...i32c(0)]);
    for (const c of cases) {
      const deep = c[0] === 0x10;
      const tall = [0x10, 0, ...new Array(3000).fill(i32c(0)).flat(), ...new Array(3000).fill(0x1a)];
      const funcs = deep ? [{ body: tall }, { body: [...c, 0x1a] }] : [{ body: [...c, 0x1a] }];
      const { machine } = await proveOnChain(prover, buildModule({ memory: { min: 1 }, funcs }));
      assert.equal(machine.status, 'trapped');
      if (deep) assert.equal(machine.trap, 'call stack exhausted');
    }
    const { machine: unreachable } = await proveOnChain(prover, buildModule({ funcs: [{ body: [0x00] }] }));
    assert.equal(unreachable.trap, 'unreachable');
    // call_indirect past the table, and to a function of another signature (table [0] holds an (i32) -> i32).
    for (const index of [1, 0]) {
      const funcs = [{ params: [T.i32], results: [T.i32], body: [0x20, 0] }, { body: [...i32c(index), 0x11, 1, 0x00] }];
      const { machine } = await proveOnChain(prover, buildModule({ table: [0], funcs }));
      assert.equal(machine.trap, index ? 'undefined element' : 'indirect call signature mismatch');
    }
  });

  test('bad input reverts: a tampered operand, a proof for another state, a halted machine', async () => {
    const session = startSession({
      module: buildModule({ funcs: [{ body: [...i32c(2), ...i32c(3), 0x6a, 0x1a] }] }),
      seed: 's',
      limits: LIMITS,
    });
    const commitment = new Commitment(session);
    run(session.machine, 2);
    const root = commitment.root();
    const proof = proveStep(commitment);
    const tampered = structuredClone(proof);
    tampered.operands[1]![31] = 9;
    await assert.rejects(prover.step(root, tampered), /BadProof/);
    run(session.machine, 1);
    await assert.rejects(prover.step(commitment.root(), proof), /BadProof/);
    while (session.machine.status === 'running') run(session.machine, 1);
    const halted = { ...proof, state: commitment.fields() };
    await assert.rejects(prover.step(commitment.root(), halted), /MachineHalted/);
  });

  test('coverage: every opcode of the six apps was proven on chain by the tests above (host calls: hostIo.test.ts)', () => {
    const used = new Set<number>();
    for (const name of Object.keys(apps) as (keyof typeof apps)[]) {
      const { code } = compileModule(new Uint8Array(readFileSync(apps[name].wasmPath)));
      for (let pc = 0; pc < code.length / 4; pc++)
        if (code[4 * pc] !== Op.BR_ENTRY && code[4 * pc] !== Op.CALL_HOST) used.add(code[4 * pc]!);
    }
    const missing = [...used].filter((op) => !provenOps.has(op)).map(opName);
    assert.deepEqual(missing, [], `not proven on chain: ${missing.join(', ')}`);
  });
});
