import { SandboxInvalidModuleError } from './errors.ts';
import { readLeb } from './moduleBytes.ts';

/**
 * @internal Returns the offset just past the instruction that starts at `offset` in a function body:
 * the opcode and its immediates. Knows the instruction set the sandbox rewrites: the MVP, sign extension,
 * saturating truncations, bulk memory, reference types, multi-value block types and tail calls. SIMD,
 * threads/atomics and exceptions are refused (`SandboxInvalidModule`): their float lanes could not be
 * canonicalized, and the reference interpreter that replays a dispute refuses them too.
 */
export function skipInstruction(bytes: Uint8Array, offset: number): number {
  const op = bytes[offset]!;
  const at = offset + 1;
  if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1) return at;
  if (op >= 0x45 && op <= 0xc4) return at; // numeric instructions have no immediates
  if (op >= 0x02 && op <= 0x04) return skipLeb(bytes, at); // block type: 0x40, a value type or an s33 type index
  if (op === 0x0c || op === 0x0d || op === 0x10 || op === 0x12 || op === 0xd2) return skipLeb(bytes, at);
  if (op >= 0x20 && op <= 0x26) return skipLeb(bytes, at); // locals, globals, table.get/set
  if (op === 0x0e) return skipLeb(bytes, skipLebs(bytes, at)); // br_table: a vector of labels and the default
  if (op === 0x11 || op === 0x13) return skipLeb(bytes, skipLeb(bytes, at)); // type index, table index
  if (op === 0x1c) return skipValueTypes(bytes, at); // typed select
  if (op >= 0x28 && op <= 0x3e) return skipMemarg(bytes, at);
  if (op === 0x3f || op === 0x40 || op === 0x41 || op === 0x42 || op === 0xd0) return skipLeb(bytes, at);
  if (op === 0x43) return at + 4;
  if (op === 0x44) return at + 8;
  if (op === 0xfc) return skipPrefixed(bytes, at);
  throw new SandboxInvalidModuleError({ reason: `it uses ${featureOf(op)} (opcode 0x${op.toString(16)}), which the sandbox does not run` });
}

function featureOf(op: number): string {
  if (op === 0xfd) return 'SIMD';
  if (op === 0xfe) return 'threads (atomics)';
  if ((op >= 0x06 && op <= 0x09) || op === 0x18 || op === 0x19 || op === 0x1f) return 'exceptions';
  return 'an unknown instruction';
}

/** 0xFC-prefixed: saturating truncations (0-7), bulk memory and table instructions (8-17). */
function skipPrefixed(bytes: Uint8Array, offset: number): number {
  const sub = readLeb(bytes, offset);
  const at = sub.next;
  if (sub.value <= 7) return at;
  if (sub.value === 9 || sub.value === 13 || (sub.value >= 15 && sub.value <= 17)) return skipLeb(bytes, at);
  if (sub.value === 11) return skipLeb(bytes, at); // memory.fill: memory index
  if (sub.value === 8 || sub.value === 10 || sub.value === 12 || sub.value === 14) return skipLeb(bytes, skipLeb(bytes, at));
  throw new SandboxInvalidModuleError({ reason: `unknown instruction 0xfc ${sub.value}` });
}

function skipMemarg(bytes: Uint8Array, offset: number): number {
  const align = readLeb(bytes, offset);
  const afterAlign = align.value & 0x40 ? skipLeb(bytes, align.next) : align.next; // multi-memory: a memory index
  return skipLeb(bytes, afterAlign);
}

function skipValueTypes(bytes: Uint8Array, offset: number): number {
  const count = readLeb(bytes, offset);
  return count.next + count.value;
}

function skipLebs(bytes: Uint8Array, offset: number): number {
  const count = readLeb(bytes, offset);
  let at = count.next;
  for (let i = 0; i < count.value; i++) at = skipLeb(bytes, at);
  return at;
}

/** @internal Skips one LEB128 number, signed or unsigned, of any width. */
export function skipLeb(bytes: Uint8Array, offset: number): number {
  for (let i = offset; i < bytes.length && i < offset + 10; i++) if ((bytes[i]! & 0x80) === 0) return i + 1;
  throw new SandboxInvalidModuleError({ reason: `malformed LEB128 number at byte ${offset} of a function body` });
}
