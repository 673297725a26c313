import type { Machine } from './machine.ts';
import { trap } from './trap.ts';

/** Bytes accessed by each load/store opcode, indexed by opcode - 0x28. */
export const ACCESS_BYTES = [4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4, 4, 8, 4, 8, 1, 2, 1, 2, 4];

/**
 * Loads and stores (0x28..0x3e), little-endian, unaligned allowed; the effective address is the u32
 * operand plus the u32 offset and an access past the end of memory traps. A 64-bit value moves as two
 * 32-bit words so float bits pass through untouched. Stores mark the leaves they touch. Returns the new sp.
 */
export function memoryOp(m: Machine, op: number, offset: number, sp: number): number {
  const s32 = m.s32;
  const view = m.view;
  const size = ACCESS_BYTES[op - 0x28]!;
  if (op <= 0x35) {
    const w = 2 * (sp - 1);
    const address = (s32[w]! >>> 0) + (offset >>> 0);
    if (address + size > m.memory.length) trap('out of bounds memory access');
    let lo: number;
    let hi = 0;
    switch (op) {
      case 0x28:
      case 0x2a:
        lo = view.getInt32(address, true);
        break;
      case 0x29:
      case 0x2b:
        lo = view.getInt32(address, true);
        hi = view.getInt32(address + 4, true);
        break;
      case 0x2c:
        lo = view.getInt8(address);
        break;
      case 0x2d:
      case 0x31:
        lo = view.getUint8(address);
        break;
      case 0x2e:
        lo = view.getInt16(address, true);
        break;
      case 0x2f:
      case 0x33:
        lo = view.getUint16(address, true);
        break;
      case 0x30:
        lo = view.getInt8(address);
        hi = lo >> 31;
        break;
      case 0x32:
        lo = view.getInt16(address, true);
        hi = lo >> 31;
        break;
      case 0x34:
        lo = view.getInt32(address, true);
        hi = lo >> 31;
        break;
      default:
        lo = view.getInt32(address, true);
        break; // 0x35 i64.load32_u
    }
    s32[w] = lo;
    s32[w + 1] = hi;
    return sp;
  }
  const w = 2 * (sp - 2);
  const address = (s32[w]! >>> 0) + (offset >>> 0);
  if (address + size > m.memory.length) trap('out of bounds memory access');
  const lo = s32[w + 2]!;
  switch (size) {
    case 1:
      view.setInt8(address, lo);
      break;
    case 2:
      view.setInt16(address, lo, true);
      break;
    case 4:
      view.setInt32(address, lo, true);
      break;
    default:
      view.setInt32(address, lo, true);
      view.setInt32(address + 4, s32[w + 3]!, true);
      break;
  }
  m.dirty[address >>> 5] = 1;
  m.dirty[(address + size - 1) >>> 5] = 1;
  return sp - 2;
}

/** memory.size, memory.grow, memory.copy, memory.fill; returns the new sp. */
export function bulkMemoryOp(m: Machine, op: number, sp: number): number {
  const s32 = m.s32;
  switch (op) {
    case 0x3f:
      s32[2 * sp] = m.pages;
      s32[2 * sp + 1] = 0;
      return sp + 1;
    case 0x40:
      s32[2 * (sp - 1)] = m.grow(s32[2 * (sp - 1)]! >>> 0);
      return sp;
    default: {
      // memory.copy / memory.fill: one step moves one chunk that stays inside one 32-byte leaf of the destination
      // (and of the source); the operands then hold what is left and the instruction runs again (pc kept).
      const w = 2 * (sp - 3);
      const dst = s32[w]! >>> 0;
      const value = s32[w + 2]!;
      const n = s32[w + 4]! >>> 0;
      const length = m.memory.length;
      if (dst + n > length || (op === 0xea && (value >>> 0) + n > length)) trap('out of bounds memory access');
      if (n === 0) return sp - 3;
      const chunk = bulkChunk(op, dst, value >>> 0, n);
      if (op === 0xea) m.memory.copyWithin(chunk.to, chunk.from, chunk.from + chunk.k);
      else m.memory.fill(value & 0xff, chunk.to, chunk.to + chunk.k);
      m.touch(chunk.to, chunk.k);
      if (chunk.k === n) return sp - 3;
      s32[w] = chunk.dst | 0;
      s32[w + 2] = op === 0xea ? chunk.src | 0 : value;
      s32[w + 4] = (n - chunk.k) | 0;
      m.repeat = true;
      return sp;
    }
  }
}

/**
 * The next chunk of a memory.copy (0xea) or memory.fill (0xeb) of n > 0 bytes: k bytes from `from` to `to`, inside one
 * leaf of each; then what is left starts at dst/src. A copy to a higher address goes from the end (memmove).
 */
export function bulkChunk(
  op: number,
  dst: number,
  src: number,
  n: number,
): { k: number; from: number; to: number; dst: number; src: number } {
  if (op === 0xeb) {
    const k = Math.min(n, 32 - (dst % 32));
    return { k, from: dst, to: dst, dst: dst + k, src };
  }
  if (dst <= src) {
    const k = Math.min(n, 32 - (dst % 32), 32 - (src % 32));
    return { k, from: src, to: dst, dst: dst + k, src: src + k };
  }
  const k = Math.min(n, ((dst + n - 1) % 32) + 1, ((src + n - 1) % 32) + 1);
  return { k, from: src + n - k, to: dst + n - k, dst, src };
}
