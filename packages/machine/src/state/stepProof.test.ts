import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BadProofError, MachineHaltedError } from '../errors.ts';
import { run } from '../exec/execute.ts';
import { startSession } from '../run/runModule.ts';
import { buildModule, f64c, i32c, i64c, T } from '../testing/wasmBuilder.ts';
import { equalBytes } from './merkle.ts';
import { Commitment } from './stateHash.ts';
import { proveStep, type StepProof, verifyStepProof } from './stepProof.ts';

const LIMITS = { memoryMb: 16, maxOutputBytes: 4096 };
/** A little of everything: loops, br_table, calls, call_indirect, globals, loads/stores across leaves, a host call. */
const PROGRAM = buildModule({
  imports: [{ name: 'fd_write', params: [T.i32, T.i32, T.i32, T.i32], results: [T.i32] }],
  memory: { min: 1 },
  table: [1, 2],
  globals: [{ type: T.i64, mutable: true, init: i64c(3n) }],
  funcs: [
    { params: [T.i32], results: [T.i32], body: [0x20, 0, ...i32c(3), 0x6c] },
    { params: [T.i32], results: [T.i32], body: [0x20, 0, 0x10, 1, ...i32c(1), 0x6a] },
    {
      locals: [T.i32, T.f64],
      body: [
        0x03,
        0x40,
        0x20,
        0,
        ...i32c(31),
        0x6a,
        0x20,
        0,
        0x36,
        0x00,
        0x00,
        0x20,
        0,
        ...i32c(1),
        0x6a,
        0x22,
        0,
        ...i32c(6),
        0x48,
        0x0d,
        0,
        0x0b,
        0x02,
        0x40,
        0x02,
        0x40,
        ...i32c(1),
        0x0e,
        1,
        0,
        1,
        0x0b,
        0x0b,
        ...i32c(60),
        ...i32c(4),
        ...i32c(1),
        0x11,
        1,
        0,
        0x36,
        0x00,
        0x00,
        0x23,
        0,
        ...i64c(5n),
        0x7e,
        0x24,
        0,
        ...f64c(1.5),
        0x21,
        1,
        ...i32c(200),
        ...i32c(100),
        0x36,
        0x00,
        0x00,
        ...i32c(204),
        ...i32c(3),
        0x36,
        0x00,
        0x00,
        ...i32c(1),
        ...i32c(200),
        ...i32c(1),
        ...i32c(208),
        0x10,
        0,
        0x1a,
      ],
    },
  ],
});

/** Proves and checks every step of a session; returns the proofs by opcode and the roots. */
function proveAll(bytes: Uint8Array, args: string[] = [], every = 1) {
  const session = startSession({ module: bytes, args, seed: 's', limits: LIMITS });
  const commitment = new Commitment(session);
  const roots: Uint8Array[] = [];
  const proofs: StepProof[] = [];
  while (session.machine.status === 'running') {
    if (session.machine.steps % every === 0) {
      const root = commitment.root();
      const proof = proveStep(commitment);
      verifyStepProof(root, proof);
      roots.push(root);
      proofs.push(proof);
    }
    run(session.machine, 1);
  }
  roots.push(commitment.root());
  return { session, commitment, roots, proofs };
}

describe('state roots and step proofs', () => {
  test('every step of a purpose-built program has a proof that checks against its pre-state root', () => {
    const { proofs, roots, session } = proveAll(PROGRAM);
    assert.equal(session.machine.status, 'exited');
    assert.equal(proofs.length, session.machine.steps);
    assert.equal(new Set(roots.map((r) => Buffer.from(r).toString('hex'))).size, roots.length, 'every state root differs');
    assert.ok(
      proofs.some((p) => p.memory.length === 2),
      'a store crossing two leaves is proven with both',
    );
    assert.ok(
      proofs.some((p) => p.frame),
      'a return pops a proven caller frame',
    );
    assert.ok(
      proofs.some((p) => p.table && p.callee),
      'call_indirect reveals the table entry and the callee',
    );
    assert.ok(
      proofs.some((p) => p.entry),
      'br_table reveals its entry',
    );
    assert.ok(proofs.some((p) => p.global) && proofs.some((p) => p.local));
    assert.deepEqual(proofs.filter((p) => p.unprovable).length, 0, 'every step is provable, the host call too');
    assert.ok(proofs.filter((p) => p.host).length >= 2, 'the fd_write runs in micro-steps, each with its I/O proof');
  });

  test('state roots are deterministic: two sessions agree after every step', () => {
    assert.deepEqual(proveAll(PROGRAM).roots, proveAll(PROGRAM).roots);
  });

  test('a thousand steps spread over an example app prove and check', () => {
    const bytes = readFileSync(new URL('../../../../examples/montecarlo/build/montecarlo.wasm', import.meta.url));
    const { proofs } = proveAll(bytes, ['--paths', '100', '--seed', '1'], 13);
    assert.ok(proofs.length >= 1000, `${proofs.length} proofs`);
    const kinds = new Set(proofs.map((p) => p.instruction.leaf[19]));
    assert.ok(kinds.size > 30, `${kinds.size} instruction kinds`);
  });

  test('bad input gets BadProofError: a tampered operand, a proof for another state, a missing leaf; a halted machine has no next step', () => {
    const session = startSession({ module: PROGRAM, seed: 's', limits: LIMITS });
    const commitment = new Commitment(session);
    while (proveStep(commitment).operands.length === 0) run(session.machine, 1);
    const root = commitment.root();
    const proof = proveStep(commitment);
    verifyStepProof(root, proof);
    const tampered = structuredClone(proof);
    tampered.operands[0]![31]! ^= 1;
    assert.throws(() => verifyStepProof(root, tampered), BadProofError);
    run(session.machine, 1);
    assert.throws(() => verifyStepProof(commitment.root(), proof), /do not hash to the pre-state root/);
    while (session.machine.status === 'running') {
      const p = proveStep(commitment);
      if (p.memory.length > 0) {
        const r = commitment.root();
        assert.throws(() => verifyStepProof(r, { ...p, memory: [] }), BadProofError);
        const wrongPath = structuredClone(p);
        wrongPath.memory[0]!.siblings[3]![0]! ^= 1;
        assert.throws(() => verifyStepProof(r, wrongPath), /not in the committed tree/);
        break;
      }
      run(session.machine, 1);
    }
    while (session.machine.status === 'running') run(session.machine, 1000);
    assert.throws(() => run(session.machine, 1), MachineHaltedError);
    const halted = commitment.root();
    assert.throws(() => verifyStepProof(halted, { ...proof, state: commitment.fields() }), /halted/);
    assert.ok(equalBytes(halted, commitment.root()), 'a halted machine keeps its root');
  });
});
