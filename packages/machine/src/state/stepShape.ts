import { isBinaryNumeric, Op } from '../compile/opcodes.ts';
import { ACCESS_BYTES, bulkChunk } from '../exec/memoryOps.ts';

/** An instruction leaf decoded: op, a, b, c. */
export function decodeInstruction(leaf: Uint8Array): [number, number, number, number] {
  const view = new DataView(leaf.buffer, leaf.byteOffset, 32);
  return [view.getInt32(16, false), view.getInt32(20, false), view.getInt32(24, false), view.getInt32(28, false)];
}

/** A function leaf decoded (programCommitment.functionLeaf). */
export function decodeFunction(leaf: Uint8Array): {
  host: number;
  entry: number;
  typeId: number;
  numParams: number;
  numLocals: number;
  numResults: number;
} {
  const view = new DataView(leaf.buffer, leaf.byteOffset, 32);
  const [entry, typeId, numParams, numLocals, numResults] = [12, 16, 20, 24, 28].map((o) => view.getInt32(o, false)) as number[];
  return {
    host: view.getInt32(8, false),
    entry: entry!,
    typeId: typeId!,
    numParams: numParams!,
    numLocals: numLocals!,
    numResults: numResults!,
  };
}

/** The u32 in the low word of an operand word (an i32 value or an address). */
export function lowWord(word: Uint8Array): number {
  return new DataView(word.buffer, word.byteOffset, 32).getUint32(28, false);
}

/**
 * What one step of instruction `op` reads, given what it can depend on: how many operands from the top of
 * the stack (all those above a branch's target height), and which memory leaves. Shared by the prover and the
 * checker so both ask for exactly the same data. `top(i)` is the u32 of the i-th operand from the top.
 */
export function stepShape(
  [op, a, b, c]: [number, number, number, number],
  s: { stackHeight: number; baseHeight: number; pages: number },
  top: (i: number) => number,
  entryHeight: () => number,
  calleeParams: () => number,
  currentOperands: number,
): { operands: number; leaves: number[]; trapsOutOfBounds: boolean } {
  const none = { leaves: [], trapsOutOfBounds: false };
  const aboveTarget = (height: number) => s.stackHeight - s.baseHeight - height;
  if (op >= 0x28 && op <= 0x3e) {
    const load = op <= 0x35;
    const address = top(load ? 0 : 1) + (a >>> 0);
    const size = ACCESS_BYTES[op - 0x28]!;
    if (address + size > s.pages * 65_536) return { operands: load ? 1 : 2, leaves: [], trapsOutOfBounds: true };
    const first = Math.floor(address / 32);
    const last = Math.floor((address + size - 1) / 32);
    return { operands: load ? 1 : 2, leaves: first === last ? [first] : [first, last], trapsOutOfBounds: false };
  }
  if (op === Op.MEMORY_COPY || op === Op.MEMORY_FILL) {
    const [n, value, dst] = [top(0), top(1), top(2)];
    const end = s.pages * 65_536;
    if (dst + n > end || (op === Op.MEMORY_COPY && value + n > end)) return { operands: 3, leaves: [], trapsOutOfBounds: true };
    if (n === 0) return { operands: 3, ...none };
    const c = bulkChunk(op, dst, value, n);
    const leaves = op === Op.MEMORY_FILL ? [Math.floor(c.to / 32)] : [...new Set([Math.floor(c.from / 32), Math.floor(c.to / 32)])];
    return { operands: 3, leaves, trapsOutOfBounds: false };
  }
  if (op >= 0x45 && op <= 0xc4) return { operands: isBinaryNumeric(op) ? 2 : 1, ...none };
  if (op >= Op.TRUNC_SAT && op <= Op.TRUNC_SAT + 7) return { operands: 1, ...none };
  switch (op) {
    case Op.BR:
      return { operands: aboveTarget(c), ...none };
    case Op.BR_IF:
      return { operands: top(0) !== 0 ? aboveTarget(c) : 1, ...none };
    case Op.BR_TABLE:
      return { operands: aboveTarget(entryHeight()), ...none };
    case Op.RETURN:
      return { operands: currentOperands, ...none };
    case Op.CALL:
    case Op.CALL_HOST:
      return { operands: calleeParams(), ...none };
    case Op.CALL_INDIRECT:
      return { operands: b + 1, ...none }; // the expected signature's parameters and the index
    case Op.SELECT:
      return { operands: 3, ...none };
    case Op.BR_UNLESS:
    case Op.DROP:
    case Op.LOCAL_SET:
    case Op.LOCAL_TEE:
    case Op.GLOBAL_SET:
    case Op.MEMORY_GROW:
      return { operands: 1, ...none };
    default:
      return { operands: 0, ...none }; // consts, local.get, global.get, memory.size, jump, unreachable
  }
}
