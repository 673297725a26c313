import { trap } from './trap.ts';

const TWO63 = 2 ** 63;
const TWO64 = 2 ** 64;

/**
 * Conversions (0xa7..0xbf) and saturating truncations (0xe0..0xe7, from 0xfc 0..7) on the top slot, in
 * place. Reinterpretations are no-ops: an f32 and an i32 share the low word, an f64 and an i64 the slot.
 */
export function convertOp(
  s32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
  i64: BigInt64Array,
  u64: BigUint64Array,
  op: number,
  sp: number,
): number {
  const s = sp - 1;
  const w = 2 * s;
  // No closures here: this runs per instruction (and tsx wraps every closure in a naming helper).
  let f = 0;
  let kind = 0; // 0: done in place, 1: i32 result in f, 2: f32 result, 3: f64 result
  switch (op) {
    case 0xa7:
      s32[w + 1] = 0;
      break;
    case 0xa8:
    case 0xaa:
      f = truncate(op === 0xa8 ? f32[w]! : f64[s]!, -2147483648, 2147483648);
      kind = 1;
      break;
    case 0xa9:
    case 0xab:
      f = truncate(op === 0xa9 ? f32[w]! : f64[s]!, 0, 4294967296) | 0;
      kind = 1;
      break;
    case 0xac:
      s32[w + 1] = s32[w]! >> 31;
      break;
    case 0xad:
      s32[w + 1] = 0;
      break;
    case 0xae:
    case 0xb0:
      i64[s] = BigInt(truncate(op === 0xae ? f32[w]! : f64[s]!, -TWO63, TWO63));
      break;
    case 0xaf:
    case 0xb1:
      u64[s] = BigInt(truncate(op === 0xaf ? f32[w]! : f64[s]!, 0, TWO64));
      break;
    case 0xb2:
      f = s32[w]!;
      kind = 2;
      break;
    case 0xb3:
      f = s32[w]! >>> 0;
      kind = 2;
      break;
    case 0xb4:
      f = bigToF32(i64[s]!);
      kind = 2;
      break;
    case 0xb5:
      f = bigToF32(u64[s]!);
      kind = 2;
      break;
    case 0xb6:
      f = f64[s]!;
      kind = 2;
      break;
    case 0xb7:
      f = s32[w]!;
      kind = 3;
      break;
    case 0xb8:
      f = s32[w]! >>> 0;
      kind = 3;
      break;
    case 0xb9:
      f = Number(i64[s]!);
      kind = 3;
      break;
    case 0xba:
      f = Number(u64[s]!);
      kind = 3;
      break;
    case 0xbb:
      f = f32[w]!;
      kind = 3;
      break;
    case 0xbc:
    case 0xbd:
    case 0xbe:
    case 0xbf:
      break;
    case 0xe0:
    case 0xe2:
      f = saturate(op === 0xe0 ? f32[w]! : f64[s]!, -2147483648, 2147483647);
      kind = 1;
      break;
    case 0xe1:
    case 0xe3:
      f = saturate(op === 0xe1 ? f32[w]! : f64[s]!, 0, 4294967295) | 0;
      kind = 1;
      break;
    case 0xe4:
    case 0xe6:
      i64[s] = saturate64(op === 0xe4 ? f32[w]! : f64[s]!, true);
      break;
    case 0xe5:
    case 0xe7:
      u64[s] = saturate64(op === 0xe5 ? f32[w]! : f64[s]!, false);
      break;
    default:
      trap(`unknown conversion 0x${op.toString(16)}`);
  }
  if (kind === 1) {
    s32[w] = f;
    s32[w + 1] = 0;
  } else if (kind === 2) {
    if (Number.isNaN(f)) s32[w] = 0x7fc00000;
    else f32[w] = f; // the store rounds to binary32 once
    s32[w + 1] = 0;
  } else if (kind === 3) {
    if (Number.isNaN(f)) {
      s32[w] = 0;
      s32[w + 1] = 0x7ff80000;
    } else f64[s] = f;
  }
  return sp;
}

/** Truncates toward zero; traps on NaN or when the result is outside [min, end). */
function truncate(x: number, min: number, end: number): number {
  if (Number.isNaN(x)) trap('invalid conversion to integer');
  const t = Math.trunc(x);
  if (t < min || t >= end) trap('integer overflow');
  return t;
}

function saturate(x: number, min: number, max: number): number {
  if (Number.isNaN(x)) return 0;
  const t = Math.trunc(x);
  return Math.min(Math.max(t, min), max);
}

function saturate64(x: number, signed: boolean): bigint {
  if (Number.isNaN(x)) return 0n;
  const t = Math.trunc(x);
  if (signed) return t < -TWO63 ? -(2n ** 63n) : t >= TWO63 ? 2n ** 63n - 1n : BigInt(t);
  return t <= 0 ? 0n : t >= TWO64 ? 2n ** 64n - 1n : BigInt(t);
}

/** Rounds a 64-bit integer to binary32 once (Number() then fround would round twice above 2^53). */
export function bigToF32(v: bigint): number {
  const negative = v < 0n;
  let a = negative ? -v : v;
  if (a < 2n ** 53n) return Math.fround(Number(v));
  const drop = a.toString(2).length - 53;
  const sticky = (a & ((1n << BigInt(drop)) - 1n)) !== 0n ? 1n : 0n;
  a = (a >> BigInt(drop)) | sticky;
  const r = Math.fround(Number(a) * 2 ** drop);
  return negative ? -r : r;
}
