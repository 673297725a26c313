import { keccak_256 } from '@noble/hashes/sha3';
import { WORD } from './merkle.ts';

/** A stack slot (two int32 words) as a 32-byte word: the u64 big-endian in the last 8 bytes. */
export function slotWord(s32: Int32Array, slot: number): Uint8Array {
  const out = new Uint8Array(WORD);
  const view = new DataView(out.buffer);
  view.setInt32(24, s32[2 * slot + 1]!, false);
  view.setInt32(28, s32[2 * slot]!, false);
  return out;
}

/** Big-endian fields packed like Solidity's abi.encodePacked: [value, bytes] pairs, then keccak256. */
export function packedHash(fields: [number | bigint | Uint8Array, number][]): Uint8Array {
  const length = fields.reduce((n, [, bytes]) => n + bytes, 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const [value, bytes] of fields) {
    if (value instanceof Uint8Array) {
      if (value.length !== bytes) throw new RangeError(`a ${value.length}-byte field where ${bytes} bytes are expected`);
      out.set(value, at);
    } else {
      let v = BigInt(value);
      for (let i = bytes - 1; i >= 0; i--) {
        out[at + i] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
    at += bytes;
  }
  return keccak_256(out);
}

/** keccak256(previous ‖ item): one link of the machine's hash chains (value stack, frames). */
export function chain(previous: Uint8Array, item: Uint8Array): Uint8Array {
  const buf = new Uint8Array(2 * WORD);
  buf.set(previous, 0);
  buf.set(item, WORD);
  return keccak_256(buf);
}
