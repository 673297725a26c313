import { MalformedModuleError } from '../errors.ts';

/** A cursor over a module's bytes: LEB128 integers, names and raw float bits, each bounds-checked. */
export class Reader {
  pos: number;
  readonly bytes: Uint8Array;
  readonly end: number;
  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  fail(reason: string): never {
    throw new MalformedModuleError(reason, this.pos);
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++]!;
  }

  /** Unsigned LEB128 up to 32 bits. */
  u32(): number {
    let result = 0;
    for (let i = 0; i < 5; i++) {
      const byte = this.u8();
      result += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) {
        if (result > 0xffffffff) this.fail('u32 out of range');
        return result;
      }
    }
    return this.fail('u32 LEB128 too long');
  }

  /** Signed LEB128 up to 32 bits, as a JS int32. */
  s32(): number {
    const value = this.sleb(32);
    return Number(BigInt.asIntN(32, value));
  }

  /** Signed LEB128 up to 64 bits, as [low, high] int32 words. */
  s64(): [number, number] {
    const value = BigInt.asUintN(64, this.sleb(64));
    return [Number(value & 0xffffffffn) | 0, Number(value >> 32n) | 0];
  }

  private sleb(bits: number): bigint {
    let result = 0n;
    let shift = 0n;
    let byte: number;
    do {
      byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if (shift > BigInt(bits + 7)) this.fail(`s${bits} LEB128 too long`);
    } while (byte & 0x80);
    if (shift < 64n + 7n && byte & 0x40) result -= 1n << shift;
    return result;
  }

  /** A little-endian 32-bit word (f32 bits), as an int32. */
  word(): number {
    if (this.pos + 4 > this.end) this.fail('unexpected end');
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  }

  /** Raw bytes of the given length (a view, not a copy). */
  take(length: number): Uint8Array {
    if (this.pos + length > this.end) this.fail('unexpected end');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  name(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.take(this.u32()));
  }
}
