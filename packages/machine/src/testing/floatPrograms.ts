// Test helper: float programs for the on-chain prover's differential test (edge bit patterns, random operands).
import { F64_ARITHMETIC, F64_CONVERSIONS, FLOAT_BITS } from './onchainProver.ts';
import { buildModule, f32bits, f64bits, i32c, i64c } from './wasmBuilder.ts';

/** Comparisons, abs, neg, copysign, min, max, ceil, floor, trunc, nearest and the f64 arithmetic on edge bit patterns. */
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
  const f32s = [0, -0x80000000, 0x3f800000, -0x40800000, 0x7f800000, -0x800000, 0x7fc00000, -0x3fffff, 0x7fa00000, 1, -0x7fffffff];
  const parts: number[][] = [];
  for (const op of [...FLOAT_BITS, ...F64_ARITHMETIC]) {
    const single = op <= 0x60 || (op >= 0x8b && op <= 0x98);
    const unary = [0x8b, 0x8c, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f].includes(op);
    const values = single ? f32s.map((v) => f32bits(v)) : f64s.map((v) => f64bits(BigInt.asIntN(64, v)));
    for (const [i, x] of values.entries()) {
      if (unary) parts.push([...x, op, 0x1a]);
      else for (const y of [values[(i * 5 + 3) % values.length]!, x, values[(i + 6) % values.length]!]) parts.push([...x, ...y, op, 0x1a]);
    }
  }
  return buildModule({ funcs: [{ body: parts.flat() }] });
}

/** f64 add, sub, mul, div, sqrt on random operands: normal, subnormal, huge, tiny, cancelling. */
export function floatArithmeticModule(): Uint8Array {
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
  return buildModule({ funcs: [{ body: parts.flat() }] });
}

/** Integer to f64 and the saturating truncations from f64 on edge values. */
export function floatConversionsModule(): Uint8Array {
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
  return buildModule({ funcs: [{ body: parts.flat() }] });
}
