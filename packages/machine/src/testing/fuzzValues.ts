// Test helper: the seeded random source and the edge operands of the differential fuzzer (fuzzPrograms.ts).
import { EDGE } from './differential.ts';
import { T, type ValType } from './wasmBuilder.ts';

/** A seeded PRNG (mulberry32): the same seed gives the same programs on every machine. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A uint32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  below(n: number): number {
    return this.next() % n;
  }
  chance(p: number): boolean {
    return this.next() / 2 ** 32 < p;
  }
  pick<X>(xs: readonly X[]): X {
    return xs[this.below(xs.length)]!;
  }
  bits64(): bigint {
    return (BigInt(this.next()) << 32n) | BigInt(this.next());
  }
}

const f32Bits = (x: number) => new Int32Array(new Float32Array([x]).buffer)[0]!;
const f64Bits = (x: number) => new BigInt64Array(new Float64Array([x]).buffer)[0]!;

/** f32 edge bit patterns: zeros, ones, infinities, NaNs with payloads (quiet, signalling, negative), subnormals, the normal range's ends, rounding boundaries and the limits of every integer truncation. */
export const F32_EDGE: number[] = [
  ...(EDGE[T.f32] as number[]).filter((v) => !Number.isNaN(v)).map(f32Bits),
  0x7fc00000,
  0xffc00000,
  0x7fa00000,
  0x7f800001,
  0xffbfffff,
  0x7fc00001,
  1,
  0x80000001,
  0x007fffff,
  0x00800000,
  0x80800000,
  0x7f7fffff,
  0xff7fffff,
  0x33800000, // 2^-24: half an ulp of 1
  0x33800001,
  0x34000000,
  0x3effffff,
  0x3f7fffff,
  0xbf7fffff,
  0x4affffff, // 2^23 - 0.5 .. 2^24 + 2: where the fraction bits end
  0x4b000000,
  0x4b000001,
  0x4b800001,
  0x4effffff, // around 2^31, 2^32, 2^63, 2^64 and -2^31, -2^63: the truncations' limits
  0x4f000000,
  0xcf000000,
  0xcf000001,
  0x4f7fffff,
  0x4f800000,
  0x5effffff,
  0x5f000000,
  0xdf000000,
  0xdf000001,
  0x5f7fffff,
  0x5f800000,
].map((b) => b | 0);

/** f64 edge bit patterns, as F32_EDGE, and the values that sit on an f32 rounding boundary when demoted. */
export const F64_EDGE: bigint[] = [
  ...(EDGE[T.f64] as number[]).filter((v) => !Number.isNaN(v)).map(f64Bits),
  0x7ff8000000000000n,
  0xfff8000000000000n,
  0x7ff4000000000000n,
  0x7ff0000000000001n,
  0xfff0000000000abcn,
  0x7ff8000000000001n,
  1n,
  0x8000000000000001n,
  0x000fffffffffffffn,
  0x0010000000000000n,
  0x7fefffffffffffffn,
  0xffefffffffffffffn,
  0x3ca0000000000000n, // 2^-53
  0x3ca0000000000001n,
  0x3fdfffffffffffffn,
  0x432fffffffffffffn,
  0x4330000000000000n,
  0x4330000000000001n,
  0x41dfffffffffffffn, // around 2^31, 2^32, 2^63, 2^64 and -2^31, -2^63
  0x41e0000000000000n,
  0xc1e0000000000000n,
  0xc1e0000000100000n,
  0xc1e00000001fffffn,
  0x41efffffffffffffn,
  0x41f0000000000000n,
  0x43dfffffffffffffn,
  0x43e0000000000000n,
  0xc3e0000000000000n,
  0xc3e0000000000001n,
  0x43efffffffffffffn,
  0x43f0000000000000n,
  0x36a0000000000000n, // f32's smallest subnormal, half of it, and f32's largest finite value and past it
  0x3690000000000000n,
  0x3690000000000001n,
  0x47efffffe0000000n,
  0x47effffff0000000n,
  0x47efffffefffffffn,
  0x3ff0000010000000n, // 1 + 2^-24 and 1 + 3 * 2^-24: ties, to even
  0x3ff0000030000000n,
  0x3ff0000010000001n,
  0x380fffffe0000000n,
].map((b) => BigInt.asIntN(64, b));

export const I32_EDGE: number[] = [...(EDGE[T.i32] as number[]), 16777217, 16777219, -16777217, 0x7fffffc0, 0x7fffff80, 0x40000001];
export const I64_EDGE: bigint[] = [
  ...(EDGE[T.i64] as bigint[]),
  2n ** 53n + 1n,
  2n ** 24n + 1n,
  -(2n ** 53n) - 1n,
  0x7fffff4000000001n,
  -0x7fffff4000000001n,
  0x7ffffffffffffdffn,
  -0x8000000000000000n + 1n,
  2n ** 32n - 1n,
  0x0020000000000003n,
];

/** A random operand of `type` as its bits (i32/f32 a number, i64/f64 a bigint): mostly an edge value, sometimes an edge value one unit off, sometimes random bits. */
export function operandBits(r: Random, type: ValType): number | bigint {
  const edge = r.below(10);
  if (type === T.i32 || type === T.f32) {
    const pool = type === T.i32 ? I32_EDGE : F32_EDGE;
    if (edge < 7) return r.pick(pool);
    if (edge < 9) return (r.pick(pool) + r.pick([-1, 1])) | 0;
    return r.next() | 0;
  }
  const pool = type === T.i64 ? I64_EDGE : F64_EDGE;
  if (edge < 7) return r.pick(pool);
  if (edge < 9) return BigInt.asIntN(64, r.pick(pool) + r.pick([-1n, 1n]));
  return BigInt.asIntN(64, r.bits64());
}
