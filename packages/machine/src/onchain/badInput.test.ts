// Bad input gets a typed error, never a wrong hash (issue 15): every step of a program touching each part of a
// proof (operands, instruction, program, state fields, local, global, memory leaves, callee, br_table entry, caller
// frame, the float unit's operands) is proven with each part tampered. OneStepProver must revert BadProof, or, when
// the step does not read that part, return the honest root; the interpreter's verifyStepProof must throw
// BadProofError whenever the contract reverted. Steps past a halt revert MachineHalted with the status; calldata
// that does not decode reverts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { opName } from '../compile/opcodes.ts';
import { BadProofError } from '../errors.ts';
import { run } from '../exec/execute.ts';
import { startSession } from '../run/runModule.ts';
import { Commitment } from '../state/stateHash.ts';
import { type StepProof, proveStep, verifyStepProof } from '../state/stepProof.ts';
import { decodeInstruction } from '../state/stepShape.ts';
import { deployProver } from '../testing/onchainProver.ts';
import { buildModule, f32bits, i32c, T } from '../testing/wasmBuilder.ts';

const LIMITS = { memoryMb: 16, maxOutputBytes: 1024 };
type Revert = { cause?: { data?: { errorName: string; args?: readonly unknown[] } } };
/** The custom error a reverted call names (viem decodes it from the contract's ABI). */
const revertName = (e: unknown) => (e as Revert).cause?.data?.errorName;
const revertArgs = (e: unknown) => (e as Revert).cause?.data?.args ?? [];
const flip = (bytes: Uint8Array, at = 31) => {
  bytes[at]! ^= 1;
  return true;
};
const change = (f: () => void) => {
  f();
  return true;
};
/** Each tampering; it returns false when the proof has no such part. */
const TAMPERINGS: [string, (p: StepProof) => boolean][] = [
  ['an operand dropped', (p) => p.operands.pop() !== undefined],
  ['an operand added', (p) => p.operands.push(new Uint8Array(32)) > 0],
  ['an operand changed', (p) => p.operands.length > 0 && flip(p.operands[0]!)],
  ['the stack hash below the operands', (p) => flip(p.stackRest, 0)],
  ['the instruction leaf', (p) => flip(p.instruction.leaf)],
  ['the instruction at another pc', (p) => change(() => (p.instruction.index += 1))],
  ['a sibling of the instruction missing', (p) => p.instruction.siblings.pop() !== undefined],
  ['the code root', (p) => flip(p.program.codeRoot, 0)],
  ['the step count', (p) => change(() => (p.state.steps += 1))],
  ['the memory root', (p) => flip(p.state.memoryRoot, 0)],
  ['the local leaf', (p) => p.local !== undefined && flip(p.local.leaf)],
  ['the global leaf', (p) => p.global !== undefined && flip(p.global.leaf)],
  ['a memory leaf', (p) => p.memory.length > 0 && flip(p.memory[0]!.leaf, 0)],
  ['a memory leaf missing', (p) => p.memory.pop() !== undefined],
  ['a memory leaf at another index', (p) => p.memory.length > 0 && change(() => (p.memory[0]!.index += 1))],
  ['a memory sibling', (p) => p.memory.length > 0 && flip(p.memory[0]!.siblings[3]!)],
  ['a memory leaf added', (p) => p.memory.push({ index: 0, leaf: new Uint8Array(32), siblings: [] }) > 0],
  ['the callee leaf', (p) => p.callee !== undefined && flip(p.callee.leaf)],
  ['the br_table entry', (p) => p.entry !== undefined && flip(p.entry.leaf)],
  ['the caller frame', (p) => p.frame !== undefined && change(() => (p.frame!.record.returnPc += 1))],
  ['the current function leaf', (p) => p.func !== undefined && flip(p.func.leaf)],
];

/** local.set/get, global.get, a load, a store, a call and its return, br_table, f32.add, a leaf-crossing memory.fill. */
function probe(): Uint8Array {
  const helper = { params: [T.i32], results: [T.i32], body: [0x20, 0, ...i32c(1), 0x6a] };
  const body = [
    [...i32c(40), 0x21, 0, 0x20, 0, 0x1a, 0x23, 0, 0x1a],
    [...i32c(30), 0x28, 0, 0, 0x1a, ...i32c(30), ...i32c(5), 0x36, 0, 0, ...i32c(3), 0x10, 0, 0x1a],
    [0x02, 0x40, ...i32c(1), 0x0e, 1, 0, 0, 0x0b],
    [...f32bits(0x3f800000), ...f32bits(0x7fa00001), 0x92, 0x1a],
    [...i32c(20), ...i32c(7), ...i32c(40), 0xfc, 11, 0],
  ].flat();
  return buildModule({
    memory: { min: 1 },
    globals: [{ type: T.i32, mutable: true, init: i32c(5) }],
    funcs: [helper, { locals: [T.i32], body }],
  });
}

describe('bad input to the one-step prover gets a typed error, not a wrong hash', () => {
  let prover: Awaited<ReturnType<typeof deployProver>>;
  before(async () => {
    prover = await deployProver();
  });
  after(() => prover?.stop());

  test('every part of every step tampered: BadProof (and BadProofError off chain) or, for a part the step does not read, the honest root', async () => {
    const session = startSession({ module: probe(), seed: 's', limits: LIMITS });
    const commitment = new Commitment(session);
    const rejected = new Map<string, number>();
    while (session.machine.status === 'running') {
      const root = commitment.root();
      const proof = proveStep(commitment);
      const honest = await prover.step(root, proof);
      const name = opName(decodeInstruction(proof.instruction.leaf)[0]);
      for (const [what, tamper] of TAMPERINGS) {
        const bad = structuredClone(proof);
        if (!tamper(bad)) continue;
        const outcome = await prover.step(root, bad).then(
          (r) => r,
          (e: Error) => e,
        );
        if (typeof outcome === 'string') {
          assert.equal(outcome, honest, `${name} with ${what} tampered returned another root`);
          continue;
        }
        assert.equal(revertName(outcome), 'BadProof', `${name} with ${what} tampered: ${outcome.message.slice(0, 300)}`);
        assert.throws(() => verifyStepProof(root, bad), BadProofError, `${name} with ${what} tampered passes verifyStepProof`);
        rejected.set(what, (rejected.get(what) ?? 0) + 1);
      }
      run(session.machine, 1);
    }
    const never = TAMPERINGS.map(([what]) => what).filter((what) => !rejected.has(what));
    assert.deepEqual(never, [], 'each tampering is caught at some step');
  });

  test('a step past the end reverts MachineHalted with the status: exited (1) and trapped (2)', async () => {
    for (const [body, status] of [
      [[...i32c(1), 0x1a], 1],
      [[0x00], 2],
    ] as const) {
      const session = startSession({ module: buildModule({ funcs: [{ body: [...body] }] }), seed: 's', limits: LIMITS });
      const commitment = new Commitment(session);
      let last = proveStep(commitment);
      while (session.machine.status === 'running') {
        last = proveStep(commitment);
        run(session.machine, 1);
      }
      const halted = { ...last, state: commitment.fields() };
      await assert.rejects(
        prover.step(commitment.root(), halted),
        (e: Error) => revertName(e) === 'MachineHalted' && revertArgs(e)[0] === status,
      );
      assert.throws(() => verifyStepProof(commitment.root(), halted), /halted/);
    }
  });

  test('calldata that does not decode as (bytes32, Proof) reverts', async () => {
    const session = startSession({ module: probe(), seed: 's', limits: LIMITS });
    const commitment = new Commitment(session);
    const root = commitment.root();
    const proof = proveStep(commitment);
    await assert.rejects(prover.stepRaw(prover.calldataOf(root, proof).slice(0, 200) as `0x${string}`));
    await assert.rejects(prover.stepRaw('0x12345678'));
  });
});
