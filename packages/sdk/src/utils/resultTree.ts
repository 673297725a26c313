import { type Hex, bytesToHex, hexToBytes } from 'viem';
import { keccak256Bytes } from './keccak.ts';

/** A Merkle leaf of task `index`'s result digest (double-hashed, as OpenZeppelin recommends). */
export function resultLeafOf(index: number, digest: Hex): Hex {
  return bytesToHex(leafOf(index, hexToBytes(digest)));
}

/**
 * keccak256(keccak256(abi.encode(uint256 index, bytes32 digest))), on bytes: the tree works on
 * 32-byte arrays and turns only the root and proofs into hex (hex in and out of every hash was
 * most of a batch's cost).
 */
function leafOf(index: number, digest: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`buildResultTree: task index ${index} is not a uint`);
  if (digest.length !== 32) throw new Error(`buildResultTree: a digest is 32 bytes, got ${digest.length}`);
  const encoded = new Uint8Array(64);
  new DataView(encoded.buffer).setBigUint64(24, BigInt(index));
  encoded.set(digest, 32);
  return keccak256Bytes(keccak256Bytes(encoded));
}

/** keccak256 of the two nodes in ascending order (OpenZeppelin's commutative hash). */
function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const pair = new Uint8Array(64);
  const [low, high] = compare(a, b) < 0 ? [a, b] : [b, a];
  pair.set(low);
  pair.set(high, 32);
  return keccak256Bytes(pair);
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export type ResultTree = {
  /** The batch root workers commit to: the digest itself for one task, the Merkle root otherwise. */
  root: Hex;
  /** The proof that task `index`'s digest is in the root (empty for a one-task batch). */
  proof: (index: number) => Hex[];
};

/**
 * Builds the result tree of a batch whose tasks start at `first`, with one digest per task.
 * Same rules as contracts/src/libraries/ResultHashing.sol (OpenZeppelin MerkleProof: sorted pairs).
 * @example
 * import { buildResultTree } from '@proofgrid/sdk';
 * const { root, proof } = buildResultTree(0, digests);
 */
export function buildResultTree(first: number, digests: readonly Hex[]): ResultTree {
  if (digests.length === 0) throw new Error('buildResultTree: a batch has at least one task');
  if (digests.length === 1) return { root: digests[0] as Hex, proof: () => [] };
  const levels: Uint8Array[][] = [digests.map((d, i) => leafOf(first + i, hexToBytes(d)))];
  while ((levels.at(-1) as Uint8Array[]).length > 1) {
    const level = levels.at(-1) as Uint8Array[];
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      // An odd node is promoted unchanged to the next level.
      next.push(i + 1 < level.length ? hashPair(level[i]!, level[i + 1]!) : level[i]!);
    }
    levels.push(next);
  }
  const root = bytesToHex((levels.at(-1) as Uint8Array[])[0]!);
  const proof = (index: number): Hex[] => {
    let position = index - first;
    if (position < 0 || position >= digests.length) throw new RangeError(`task ${index} is not in this batch`);
    const path: Hex[] = [];
    for (const level of levels.slice(0, -1)) {
      const sibling = position ^ 1;
      if (sibling < level.length) path.push(bytesToHex(level[sibling]!));
      position >>= 1;
    }
    return path;
  };
  return { root, proof };
}
