import { trap } from './trap.ts';

/**
 * i32 numeric instructions (and i64 comparisons, which yield an i32) on the stack slots, in place.
 * Operands are the top one or two slots below `sp`; returns the new sp. An i32 slot's high word is 0.
 */
export function int32Op(s32: Int32Array, i64: BigInt64Array, u64: BigUint64Array, op: number, sp: number): number {
  if (op === 0x45 || op === 0x67 || op === 0x68 || op === 0x69 || op === 0xc0 || op === 0xc1 || op === 0x50) {
    const i = 2 * (sp - 1);
    const x = s32[i]!;
    let r: number;
    switch (op) {
      case 0x45:
        r = x === 0 ? 1 : 0;
        break;
      case 0x50:
        r = x === 0 && s32[i + 1] === 0 ? 1 : 0;
        break;
      case 0x67:
        r = Math.clz32(x);
        break;
      case 0x68:
        r = x === 0 ? 32 : 31 - Math.clz32(x & -x);
        break;
      case 0x69:
        r = popcnt32(x);
        break;
      case 0xc0:
        r = (x << 24) >> 24;
        break;
      default:
        r = (x << 16) >> 16;
        break; // 0xc1
    }
    s32[i] = r;
    s32[i + 1] = 0;
    return sp;
  }
  const ia = 2 * (sp - 2);
  if (op >= 0x51 && op <= 0x5a) {
    s32[ia] = compare64(i64, u64, op, sp - 2, s32) ? 1 : 0;
    s32[ia + 1] = 0;
    return sp - 1;
  }
  const a = s32[ia]!;
  const b = s32[ia + 2]!;
  let r: number;
  switch (op) {
    case 0x46:
      r = a === b ? 1 : 0;
      break;
    case 0x47:
      r = a !== b ? 1 : 0;
      break;
    case 0x48:
      r = a < b ? 1 : 0;
      break;
    case 0x49:
      r = a >>> 0 < b >>> 0 ? 1 : 0;
      break;
    case 0x4a:
      r = a > b ? 1 : 0;
      break;
    case 0x4b:
      r = a >>> 0 > b >>> 0 ? 1 : 0;
      break;
    case 0x4c:
      r = a <= b ? 1 : 0;
      break;
    case 0x4d:
      r = a >>> 0 <= b >>> 0 ? 1 : 0;
      break;
    case 0x4e:
      r = a >= b ? 1 : 0;
      break;
    case 0x4f:
      r = a >>> 0 >= b >>> 0 ? 1 : 0;
      break;
    case 0x6a:
      r = (a + b) | 0;
      break;
    case 0x6b:
      r = (a - b) | 0;
      break;
    case 0x6c:
      r = Math.imul(a, b);
      break;
    case 0x6d:
      if (b === 0) trap('integer divide by zero');
      if (a === -2147483648 && b === -1) trap('integer overflow');
      r = (a / b) | 0;
      break;
    case 0x6e:
      if (b === 0) trap('integer divide by zero');
      r = ((a >>> 0) / (b >>> 0)) | 0;
      break;
    case 0x6f:
      if (b === 0) trap('integer divide by zero');
      r = (a % b) | 0;
      break;
    case 0x70:
      if (b === 0) trap('integer divide by zero');
      r = ((a >>> 0) % (b >>> 0)) | 0;
      break;
    case 0x71:
      r = a & b;
      break;
    case 0x72:
      r = a | b;
      break;
    case 0x73:
      r = a ^ b;
      break;
    case 0x74:
      r = a << b;
      break;
    case 0x75:
      r = a >> b;
      break;
    case 0x76:
      r = (a >>> b) | 0;
      break;
    case 0x77:
      r = (a << (b & 31)) | (a >>> ((32 - b) & 31));
      break;
    case 0x78:
      r = (a >>> (b & 31)) | (a << ((32 - b) & 31));
      break;
    default:
      return trap(`unknown i32 instruction 0x${op.toString(16)}`);
  }
  s32[ia] = r;
  s32[ia + 1] = 0;
  return sp - 1;
}

function compare64(i64: BigInt64Array, u64: BigUint64Array, op: number, at: number, s32: Int32Array): boolean {
  if (op === 0x51) return s32[2 * at] === s32[2 * at + 2] && s32[2 * at + 1] === s32[2 * at + 3];
  if (op === 0x52) return s32[2 * at] !== s32[2 * at + 2] || s32[2 * at + 1] !== s32[2 * at + 3];
  const signed = (op & 1) === 1; // lt_s 0x53, gt_s 0x55, le_s 0x57, ge_s 0x59
  const a = signed ? i64[at]! : u64[at]!;
  const b = signed ? i64[at + 1]! : u64[at + 1]!;
  switch (op) {
    case 0x53:
    case 0x54:
      return a < b;
    case 0x55:
    case 0x56:
      return a > b;
    case 0x57:
    case 0x58:
      return a <= b;
    default:
      return a >= b;
  }
}

export function popcnt32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
