// Test helper: float programs for the on-chain prover's differential test (edge bit patterns, random operands).
import { F32_ARITHMETIC, F64_ARITHMETIC, FLOAT_BITS, FLOAT_CONVERSIONS } from './onchainProver.ts';
import { buildModule, f32bits, f64bits, i32c, i64c } from './wasmBuilder.ts';

/** Comparisons, abs, neg, copysign, min, max, ceil, floor, trunc, nearest and the f32 and f64 arithmetic on edge bit patterns. */
export function floatBitsModule(): Uint8Array {
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
  const f32s = [
    0, -0x80000000, 0x3f800000, -0x40800000, 0x7f800000, -0x800000, 0x7fc00000, -0x3fffff, 0x7fa00000, 1, -0x7fffffff, 0x3f000000,
    0x3fc00000, -0x3fe00000, 0x3effffff, 0x4b000001, 0x7f7fffff, 0x007fffff, 0x00800000, 0x33800000,
  ];
  const parts: number[][] = [];
  for (const op of [...FLOAT_BITS, ...F32_ARITHMETIC, ...F64_ARITHMETIC]) {
    const single = op <= 0x60 || (op >= 0x8b && op <= 0x98);
    const unary = (op >= 0x8b && op <= 0x91) || (op >= 0x99 && op <= 0x9f);
    const values = single ? f32s.map((v) => f32bits(v)) : f64s.map((v) => f64bits(BigInt.asIntN(64, v)));
    for (const [i, x] of values.entries()) {
      if (unary) parts.push([...x, op, 0x1a]);
      else for (const y of [values[(i * 5 + 3) % values.length]!, x, values[(i + 6) % values.length]!]) parts.push([...x, ...y, op, 0x1a]);
    }
  }
  return buildModule({ funcs: [{ body: parts.flat() }] });
}

/** f32 and f64 add, sub, mul, div, sqrt on random operands: normal, subnormal, huge, tiny, cancelling. */
export function floatArithmeticModule(): Uint8Array {
  let seed = 777;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const randomDouble = (): bigint => {
    const kind = next() % 5;
    const fraction = (BigInt(next()) << 20n) ^ BigInt(next());
    const exponent = [1023n + BigInt(next() % 8) - 4n, BigInt(next() % 2046) + 1n, 0n, BigInt(next() % 60) + 1n, 2040n][kind]!;
    return (BigInt(next() & 1) << 63n) | (exponent << 52n) | (fraction & ((1n << 52n) - 1n));
  };
  const randomSingle = (): number => {
    const kind = next() % 5;
    const exponent = [127 + (next() % 8) - 4, (next() % 254) + 1, 0, (next() % 30) + 1, 250][kind]!;
    return ((next() & 1) << 31) | (exponent << 23) | (next() & 0x7fffff) | 0;
  };
  const parts: number[][] = [];
  for (let i = 0; i < 200; i++) {
    const op = F32_ARITHMETIC[i % F32_ARITHMETIC.length]!;
    const x = randomSingle();
    const y = i % 7 === 0 ? x ^ -0x80000000 : i % 11 === 0 ? x + 1 : randomSingle();
    parts.push([...f32bits(op === 0x91 ? x & 0x7fffffff : x), ...(op === 0x91 ? [] : f32bits(y)), op, 0x1a]);
  }
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
  return buildModule({ funcs: [{ body: parts.flat() }] });
}

/** Every float conversion on edge values: integer to f32/f64, demote, promote, trapping and saturating truncations. */
export function floatConversionModules(): Uint8Array[] {
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
    0x36a0000000000000n, // f32's smallest subnormal
    0x36a0000000000001n,
    0x3690000000000000n, // half of it: ties to zero
    0x47efffffe0000000n, // f32's largest finite value, and past it
    0x47effffff0000000n,
    0x3ff0000010000000n, // 1 + 2^-24: a tie, to even
    0x3ff0000030000000n,
    0x380fffffe0000000n, // just below f32's smallest normal
  ];
  const singles = [
    0, -0x80000000, 0x3f800000, 0x7f800000, -0x800000, 0x7fc00000, 0x7fa00001, 1, 0x4effffff, 0x4f000000, -0x31000000, -0x30ffffff,
    0x4f7fffff, 0x4f800000, 0x5effffff, 0x5f000000, -0x21000000, 0x5f800000, -0x40800001, 0x3f7fffff,
  ];
  const ints = [...ints32, 16777217, 16777219, -16777217, 0x7fffffc0].map(i32c);
  const longs = [...ints64, 2n ** 24n + 1n, 2n ** 64n - 1n, 2n ** 63n + 2n ** 39n, 0x7fffff4000000001n].map(i64c);
  // the operand type of each conversion: i32, i64, f32 or f64
  const source = (op: number) =>
    [0xb2, 0xb3, 0xb7, 0xb8].includes(op)
      ? ints
      : [0xb4, 0xb5, 0xb9, 0xba].includes(op)
        ? longs
        : [0xa8, 0xa9, 0xae, 0xaf, 0xbb, 0xe0, 0xe1, 0xe4, 0xe5].includes(op)
          ? singles.map(f32bits)
          : doubles.map((d) => f64bits(BigInt.asIntN(64, d)));
  const modules: Uint8Array[] = [];
  const parts: number[][] = [];
  for (const op of FLOAT_CONVERSIONS) {
    const code = op >= 0xe0 ? [0xfc, op - 0xe0] : [op];
    for (const v of source(op)) {
      // a trapping truncation ends its run: one module per operand
      if (op >= 0xa8 && op <= 0xb1) modules.push(buildModule({ funcs: [{ body: [...v, ...code, 0x1a] }] }));
      else parts.push([...v, ...code, 0x1a]);
    }
  }
  return [buildModule({ funcs: [{ body: parts.flat() }] }), ...modules];
}
