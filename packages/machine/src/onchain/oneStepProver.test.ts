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
import { EDGE } from '../testing/differential.ts';
import { deployProver, F64_ARITHMETIC, F64_CONVERSIONS, FLOAT_BITS, proverCovers as covered } from '../testing/onchainProver.ts';
import { buildModule, f32bits, f64bits, i32c, i64c, T } from '../testing/wasmBuilder.ts';

type Prover = Awaited<ReturnType<typeof deployProver>>;
const LIMITS = { memoryMb: 16, maxOutputBytes: 1024 };

/** Proves every step on chain until the first instruction the contract does not cover; returns gas by class. */
/** Every opcode some test below proved on chain (the coverage report of the last test). */
const provenOps = new Set<number>();

async function proveOnChain(prover: Prover, bytes: Uint8Array, gas?: Map<string, bigint[]>) {
  const session = startSession({ module: bytes, seed: 's', limits: LIMITS });
  const commitment = new Commitment(session);
  let proven = 0;
  let stoppedAt = '';
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
    const onChain = await prover.step(root, proof);
    provenOps.add(op);
    if (gas) gas.set(cls, [...(gas.get(cls) ?? []), await prover.gas(root, proof)]);
    run(session.machine, 1);
    assert.equal(onChain, toHex(commitment.root()), `step ${session.machine.steps} (${cls}, pc ${proof.state.pc})`);
    proven++;
  }
  return { proven, machine: session.machine, stoppedAt };
}

const body = (...parts: number[][]) => parts.flat();
const fill = (d: number, v: number, n: number) => [...i32c(d), ...i32c(v), ...i32c(n), 0xfc, 11, 0x00];
const copy = (d: number, s: number, n: number) => [...i32c(d), ...i32c(s), ...i32c(n), 0xfc, 10, 0x00, 0x00];
const ALL_STORES = [
  [0x36, T.i32],
  [0x37, T.i64],
  [0x38, T.f32],
  [0x39, T.f64],
  [0x3a, T.i32],
  [0x3b, T.i32],
  [0x3c, T.i64],
  [0x3d, T.i64],
  [0x3e, T.i64],
] as const;

describe('the one-step prover contract against the interpreter', () => {
  let prover: Prover;
  before(async () => {
    prover = await deployProver();
  });
  after(() => prover?.stop());

  test('every step of a program using each covered class: same post-state root; gas per class', async (t) => {
    const gas = new Map<string, bigint[]>();
    const stores = ALL_STORES.flatMap(([op, type], i) => [
      ...i32c(26 + 3 * i),
      ...(type === T.i32 ? i32c(-0x12345679) : i64c(-0x123456789abcdefn)),
      op,
      0x00,
      0x01,
    ]);
    const loads = Array.from({ length: 14 }, (_, i) => [...i32c(25 + 2 * i), 0x28 + i, 0x00, 0x02, 0x1a]).flat();
    const fact = {
      params: [T.i64],
      results: [T.i64],
      locals: [T.i32],
      body: [0x20, 0, 0x50, 0x04, 0x40, ...i64c(1n), 0x0f, 0x0b, 0x20, 0, 0x20, 0, ...i64c(1n), 0x7d, 0x10, 0, 0x7e],
    };
    const twice = { params: [T.i32], results: [T.i32], body: [0x20, 0, ...i32c(2), 0x6c] };
    const bytes = buildModule({
      memory: { min: 1, max: 3 },
      table: [0, 1],
      globals: [{ type: T.i32, mutable: true, init: i32c(7) }],
      funcs: [
        fact,
        twice,
        {
          locals: [T.i32, T.i32],
          body: body(
            [...i64c(6n), 0x10, 0, 0x1a, ...i32c(21), ...i32c(1), 0x11, 1, 0, 0x1a],
            [0x3f, 0x00, 0x1a, ...i32c(1), 0x40, 0x00, 0x1a, ...i32c(5), 0x40, 0x00, 0x1a, 0x3f, 0x00, 0x1a],
            [...fill(10, 0x1ab, 70), ...fill(30, 7, 3), ...copy(20, 10, 50), ...copy(5, 15, 40), ...copy(0, 0, 0), ...fill(65_536, 1, 0)],
            [0x6b, 0x6e, 0x6f, 0x77].flatMap((op) => [...i32c(-9), ...i32c(4), op, 0x1a]),
            [0x80, 0x82].flatMap((op) => [...i64c(9n), ...i64c(4n), op, 0x1a]),
            [...i32c(1), 0x04, T.i32, ...i32c(10), 0x05, ...i32c(20), 0x0b, 0x1a],
            [0x03, 0x40, 0x20, 0, ...i32c(1), 0x6a, 0x22, 0, 0x20, 1, 0x6a, 0x21, 1, 0x20, 0, ...i32c(4), 0x48, 0x0d, 0, 0x0b],
            stores,
            loads,
            [0x23, 0, ...i32c(3), 0x6c, 0x24, 0, ...i32c(1), ...i32c(2), 0x20, 0, 0x1b, 0x1a],
            [0x02, T.i32, ...i32c(1), ...i32c(2), ...i32c(3), 0x0c, 0, 0x0b, 0x1a],
            [0x02, T.i32, ...i32c(9), ...i32c(1), 0x0d, 0, 0x1a, ...i32c(8), 0x0b, 0x1a],
            [
              ...i32c(0),
              0x04,
              T.i32,
              ...i32c(10),
              0x05,
              ...i32c(20),
              0x0b,
              0x1a,
              ...i32c(0x10000),
              0x67,
              0x68,
              0x69,
              0xc0,
              0xc1,
              0x45,
              0x1a,
            ],
            [0, 1, 2, 7].flatMap((i) => [
              0x02,
              T.i32,
              0x02,
              0x40,
              0x02,
              0x40,
              ...i32c(5),
              ...i32c(i),
              0x0e,
              2,
              0,
              1,
              2,
              0x0b,
              ...i32c(6),
              0x0c,
              1,
              0x0b,
              ...i32c(7),
              0x0b,
              0x1a,
            ]),
            [...i64c(-5n), ...i64c(3n), 0x7f, 0x7b, 0xa7, 0xac, 0xc4, ...i64c(1n), 0x89, 0xbd, 0xbf, 0x50, 0xad, 0x1a],
          ),
        },
      ],
    });
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
    let seed = 12345;
    const next = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const values = EDGE[T.i32] as number[];
    const ops = [
      0x45,
      ...Array.from({ length: 10 }, (_, i) => 0x46 + i),
      0x67,
      0x68,
      0x69,
      0xc0,
      0xc1,
      0x6a,
      0x6b,
      0x6c,
      0x71,
      0x72,
      0x73,
      0x74,
      0x75,
      0x76,
      0x77,
      0x78,
    ];
    const values64 = EDGE[T.i64] as bigint[];
    const ops64 = [
      0x50,
      ...Array.from({ length: 10 }, (_, i) => 0x51 + i),
      0x79,
      0x7a,
      0x7b,
      0x7c,
      0x7d,
      0x7e,
      0x83,
      0x84,
      0x85,
      0x86,
      0x87,
      0x88,
      0x89,
      0x8a,
      0xc2,
      0xc3,
      0xc4,
    ];
    const parts: number[][] = [];
    for (let i = 0; i < 100; i++) {
      const op = ops[next(ops.length)]!;
      const unary = [0x45, 0x67, 0x68, 0x69, 0xc0, 0xc1].includes(op);
      parts.push([...i32c(values[next(values.length)]!), ...(unary ? [] : i32c(values[next(values.length)]!)), op, 0x21, 0]);
      const op64 = ops64[next(ops64.length)]!;
      const unary64 = [0x50, 0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4].includes(op64);
      parts.push([
        ...i64c(BigInt(values64[next(values64.length)]!)),
        ...(unary64 ? [] : i64c(BigInt(values64[next(values64.length)]!))),
        op64,
        0x1a,
      ]);
      const [store, type] = ALL_STORES[next(ALL_STORES.length)]!;
      const value = type === T.i32 ? i32c(values[next(values.length)]!) : i64c(BigInt(values[next(values.length)]!) * 0x10001n);
      parts.push([...i32c(next(65_500)), ...value, store, 0x00, next(8), ...i32c(next(65_500)), 0x28 + next(14), 0x00, next(8), 0x1a]);
    }
    const { proven, stoppedAt } = await proveOnChain(
      prover,
      buildModule({ memory: { min: 1 }, funcs: [{ locals: [T.i32], body: parts.flat() }] }),
    );
    assert.ok(proven >= 1000, `${proven} steps proven`);
    assert.equal(stoppedAt, '');
  });

  test('float comparisons, abs, neg, copysign, min, max, ceil, floor, trunc, nearest on edge bit patterns (NaNs with payloads, zeros, subnormals)', async () => {
    const f64s = [
      0n,
      1n << 63n,
      0x3ff0000000000000n,
      0xbff0000000000000n,
      0x7ff0000000000000n,
      0xfff0000000000000n,
      0x7ff8000000000000n,
      0xfff8000000000001n,
      0x7ff4000000000000n,
      1n,
      0x8000000000000001n,
      0x7fefffffffffffffn,
      0x3fe0000000000000n,
      0xbfe0000000000000n,
      0x4004000000000000n,
      0xc004000000000000n,
      0x3fe6666666666666n,
      0xbff8000000000000n,
      0x432fffffffffffffn,
      0x4330000000000001n,
    ];
    const f32s = [0, -0x80000000, 0x3f800000, -0x40800000, 0x7f800000, -0x800000, 0x7fc00000, -0x3fffff, 0x7fa00000, 1, -0x7fffffff];
    const parts: number[][] = [];
    for (const op of [...FLOAT_BITS, ...F64_ARITHMETIC]) {
      const single = op <= 0x60 || (op >= 0x8b && op <= 0x98);
      const unary = [0x8b, 0x8c, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f].includes(op);
      const values = single ? f32s.map((v) => f32bits(v)) : f64s.map((v) => f64bits(BigInt.asIntN(64, v)));
      for (const [i, x] of values.entries()) {
        if (unary) parts.push([...x, op, 0x1a]);
        else
          for (const y of [values[(i * 5 + 3) % values.length]!, x, values[(i + 6) % values.length]!]) parts.push([...x, ...y, op, 0x1a]);
      }
    }
    const { proven, stoppedAt } = await proveOnChain(prover, buildModule({ funcs: [{ body: parts.flat() }] }));
    assert.ok(proven > 600, `${proven} steps proven`);
    assert.equal(stoppedAt, '');
  });

  test('f64 add, sub, mul, div, sqrt on random operands (normal, subnormal, huge, tiny, cancelling): same post-state roots', async () => {
    let seed = 777;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const randomDouble = (): bigint => {
      const kind = next() % 5;
      const fraction = (BigInt(next()) << 20n) ^ BigInt(next());
      const exponent = [1023n + BigInt(next() % 8) - 4n, BigInt(next() % 2046) + 1n, 0n, BigInt(next() % 60) + 1n, 2040n][kind]!;
      return (BigInt(next() & 1) << 63n) | (exponent << 52n) | (fraction & ((1n << 52n) - 1n));
    };
    const parts: number[][] = [];
    for (let i = 0; i < 300; i++) {
      const op = F64_ARITHMETIC[i % F64_ARITHMETIC.length]!;
      const x = randomDouble();
      const y = i % 7 === 0 ? x ^ (1n << 63n) : i % 11 === 0 ? x + 1n : randomDouble(); // cancellation, near-equal
      parts.push([
        ...f64bits(BigInt.asIntN(64, op === 0x9f ? x & ~(1n << 63n) : x)),
        ...(op === 0x9f ? [] : f64bits(BigInt.asIntN(64, y))),
        op,
        0x1a,
      ]);
    }
    const { proven, stoppedAt } = await proveOnChain(prover, buildModule({ funcs: [{ body: parts.flat() }] }));
    assert.ok(proven >= 750, `${proven} steps proven`);
    assert.equal(stoppedAt, '');
  });

  test('integer to f64 (ties to even) and saturating truncations from f64 on edge values', async () => {
    const ints64 = [
      0n,
      1n,
      -1n,
      2n ** 53n + 1n,
      2n ** 53n + 3n,
      2n ** 63n - 1n,
      -(2n ** 63n),
      2n ** 62n + 2n ** 9n,
      0x123456789abcdefn,
      -0x7ffffffffffffdffn,
    ];
    const ints32 = [0, 1, -1, 0x7fffffff, -0x80000000, 12345, -98765];
    const doubles = [
      0n,
      1n << 63n,
      0x3ff8000000000000n,
      0xc00c000000000000n,
      0x41dfffffffc00000n,
      0x41e0000000000000n,
      0xc1e0000000200000n,
      0x43e0000000000000n,
      0xc3e0000000000000n,
      0x43f0000000000000n,
      0x7ff0000000000000n,
      0xfff0000000000000n,
      0x7ff8000000000000n,
      1n,
      0x3fe0000000000000n,
    ];
    const parts: number[][] = [];
    for (const op of F64_CONVERSIONS) {
      const values =
        op === 0xb7 || op === 0xb8
          ? ints32.map(i32c)
          : op === 0xb9 || op === 0xba
            ? ints64.map(i64c)
            : doubles.map((d) => f64bits(BigInt.asIntN(64, d)));
      const code = op >= 0xe0 ? [0xfc, op - 0xe0] : [op];
      for (const v of values) parts.push([...v, ...code, 0x1a]);
    }
    const { proven, stoppedAt } = await proveOnChain(prover, buildModule({ funcs: [{ body: parts.flat() }] }));
    assert.ok(proven > 150, `${proven} steps proven`);
    assert.equal(stoppedAt, '');
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

  test('coverage: every opcode of the six apps, host calls aside, was proven on chain by the tests above', () => {
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
