/** @internal Reads an unsigned LEB128 number (up to 32 bits) at `offset`. */
export function readUnsignedLeb128(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < bytes.length && shift < 35; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new RangeError(`bad LEB128 number at byte ${offset}`);
}

/** @internal Encodes a non-negative integer as unsigned LEB128. */
export function encodeUnsignedLeb128(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  do {
    const byte = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest > 0 ? byte | 0x80 : byte);
  } while (rest > 0);
  return Uint8Array.from(out);
}
