import { popcnt32 } from './int32Ops.ts';
import { trap } from './trap.ts';

const MIN = -(2n ** 63n);

/**
 * i64 arithmetic on the stack slots, in place; returns the new sp. Addition, subtraction and the
 * bitwise operations work on the two int32 halves (no BigInt allocation); the rest use BigInt64Array,
 * whose stores wrap modulo 2^64 as WebAssembly does.
 */
export function int64Op(s32: Int32Array, i64: BigInt64Array, u64: BigUint64Array, op: number, sp: number): number {
  if (op === 0x79 || op === 0x7a || op === 0x7b || op >= 0xc2) {
    const s = sp - 1;
    const lo = s32[2 * s]!;
    const hi = s32[2 * s + 1]!;
    switch (op) {
      case 0x79:
        s32[2 * s] = hi === 0 ? 32 + Math.clz32(lo) : Math.clz32(hi);
        s32[2 * s + 1] = 0;
        break;
      case 0x7a:
        s32[2 * s] = lo === 0 ? (hi === 0 ? 64 : 32 + ctz(hi)) : ctz(lo);
        s32[2 * s + 1] = 0;
        break;
      case 0x7b:
        s32[2 * s] = popcnt32(lo) + popcnt32(hi);
        s32[2 * s + 1] = 0;
        break;
      case 0xc2:
        s32[2 * s] = (lo << 24) >> 24;
        s32[2 * s + 1] = s32[2 * s]! >> 31;
        break;
      case 0xc3:
        s32[2 * s] = (lo << 16) >> 16;
        s32[2 * s + 1] = s32[2 * s]! >> 31;
        break;
      case 0xc4:
        s32[2 * s + 1] = lo >> 31;
        break;
      default:
        trap(`unknown i64 instruction 0x${op.toString(16)}`);
    }
    return sp;
  }
  const a = sp - 2;
  const wa = 2 * a;
  switch (op) {
    case 0x7c:
    case 0x7d: {
      const alo = s32[wa]! >>> 0;
      const blo = s32[wa + 2]! >>> 0;
      if (op === 0x7c) {
        const lo = alo + blo;
        s32[wa] = lo | 0;
        s32[wa + 1] = (s32[wa + 1]! + s32[wa + 3]! + (lo > 0xffffffff ? 1 : 0)) | 0;
      } else {
        s32[wa] = (alo - blo) | 0;
        s32[wa + 1] = (s32[wa + 1]! - s32[wa + 3]! - (alo < blo ? 1 : 0)) | 0;
      }
      return sp - 1;
    }
    case 0x83:
      s32[wa] = s32[wa]! & s32[wa + 2]!;
      s32[wa + 1] = s32[wa + 1]! & s32[wa + 3]!;
      return sp - 1;
    case 0x84:
      s32[wa] = s32[wa]! | s32[wa + 2]!;
      s32[wa + 1] = s32[wa + 1]! | s32[wa + 3]!;
      return sp - 1;
    case 0x85:
      s32[wa] = s32[wa]! ^ s32[wa + 2]!;
      s32[wa + 1] = s32[wa + 1]! ^ s32[wa + 3]!;
      return sp - 1;
    case 0x7e:
      i64[a] = i64[a]! * i64[a + 1]!;
      return sp - 1;
    case 0x7f: {
      const b = i64[a + 1]!;
      if (b === 0n) trap('integer divide by zero');
      if (b === -1n && i64[a] === MIN) trap('integer overflow');
      i64[a] = i64[a]! / b;
      return sp - 1;
    }
    case 0x80:
      if (u64[a + 1] === 0n) trap('integer divide by zero');
      u64[a] = u64[a]! / u64[a + 1]!;
      return sp - 1;
    case 0x81:
      if (i64[a + 1] === 0n) trap('integer divide by zero');
      i64[a] = i64[a]! % i64[a + 1]!;
      return sp - 1;
    case 0x82:
      if (u64[a + 1] === 0n) trap('integer divide by zero');
      u64[a] = u64[a]! % u64[a + 1]!;
      return sp - 1;
  }
  const k = BigInt(s32[wa + 2]! & 63);
  switch (op) {
    case 0x86:
      i64[a] = i64[a]! << k;
      break;
    case 0x87:
      i64[a] = i64[a]! >> k;
      break;
    case 0x88:
      u64[a] = u64[a]! >> k;
      break;
    case 0x89:
      u64[a] = (u64[a]! << k) | (u64[a]! >> ((64n - k) & 63n));
      break;
    case 0x8a:
      u64[a] = (u64[a]! >> k) | (u64[a]! << ((64n - k) & 63n));
      break;
    default:
      trap(`unknown i64 instruction 0x${op.toString(16)}`);
  }
  return sp - 1;
}

function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}
