import { type Hex, zeroHash } from 'viem';
import { ProofgridError } from '../errors/index.ts';

/**
 * An order's tag (M2) from its bit numbers: bit `i` set for each `i` in `bits` (0..255). A request
 * needs every bit of its tag, its app's and its dataset's; a pool order offers its bits (and its
 * registry's). What each bit means (TEE, GPU, …) is a convention of the market.
 * @example
 * tagFromBits([0, 2]) // '0x…05'
 */
export function tagFromBits(bits: readonly number[]): Hex {
  let tag = 0n;
  for (const b of bits) {
    if (!Number.isInteger(b) || b < 0 || b > 255)
      throw new ProofgridError(`tag bit ${b} is not an integer in 0..255`, { code: 'TagInvalid', kind: 'user' });
    tag |= 1n << BigInt(b);
  }
  return `0x${tag.toString(16).padStart(64, '0')}`;
}

/** The bit numbers of a tag, lowest first. */
export function bitsOfTag(tag: Hex): number[] {
  const out: number[] = [];
  let t = BigInt(tag);
  for (let i = 0; t > 0n; i++, t >>= 1n) if (t & 1n) out.push(i);
  return out;
}

/** A tag as people write it: bit numbers (`0,2`) or a bytes32 hex (`0x…`); empty is no tag. */
export function parseTag(text: string | undefined): Hex {
  const s = (text ?? '').trim();
  if (!s) return zeroHash;
  if (/^0x[0-9a-fA-F]{1,64}$/.test(s)) return `0x${s.slice(2).toLowerCase().padStart(64, '0')}`;
  if (!/^\d+(\s*,\s*\d+)*$/.test(s))
    throw new ProofgridError(`tag "${s}": expected bit numbers like 0,2 or a hex bytes32`, { code: 'TagInvalid', kind: 'user' });
  return tagFromBits(s.split(',').map((b) => Number(b.trim())));
}
