import { keccak_256 } from '@noble/hashes/sha3';
import { BadProofError } from '../errors.ts';

export const WORD = 32;
const pair = new Uint8Array(64);

/** keccak256(left ‖ right): an inner node of every tree of the machine. */
export function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  pair.set(left, 0);
  pair.set(right, WORD);
  return keccak_256(pair);
}

/** Roots of all-zero subtrees: ZERO[0] is a zero leaf (32 zero bytes), ZERO[l + 1] = hashPair(ZERO[l], ZERO[l]). */
export const ZERO: Uint8Array[] = [new Uint8Array(WORD)];
for (let l = 0; l < 40; l++) ZERO.push(hashPair(ZERO[l]!, ZERO[l]!));

/** The depth of the smallest tree with at least `count` leaves (0 for one leaf). */
export function depthFor(count: number): number {
  let depth = 0;
  while (2 ** depth < count) depth++;
  return depth;
}

/**
 * A fixed-depth binary Merkle tree over 32-byte leaves (the leaves themselves, not their hashes: the depth is
 * fixed, so a leaf cannot pass for an inner node), missing leaves being zero. levels[0] holds the leaves.
 */
export class MerkleTree {
  readonly depth: number;
  readonly levels: Uint8Array[];
  constructor(leaves: Uint8Array, depth: number) {
    if (leaves.length % WORD !== 0 || leaves.length / WORD > 2 ** depth) throw new RangeError('leaves do not fit the tree');
    this.depth = depth;
    this.levels = [leaves];
    for (let l = 0; l < depth; l++) {
      const below = this.levels[l]!;
      const count = Math.ceil(below.length / WORD / 2);
      const level = new Uint8Array(count * WORD);
      for (let i = 0; i < count; i++) level.set(hashPair(node(below, 2 * i, l), node(below, 2 * i + 1, l)), i * WORD);
      this.levels.push(level);
    }
  }

  get root(): Uint8Array {
    return node(this.levels[this.depth]!, 0, this.depth);
  }

  /** The siblings from leaf `index` up to the root (depth of them). */
  proof(index: number): Uint8Array[] {
    const siblings: Uint8Array[] = [];
    for (let l = 0; l < this.depth; l++) siblings.push(node(this.levels[l]!, (index >>> l) ^ 1, l));
    return siblings;
  }
}

/** Node `i` of a level, or the zero subtree of that level past its end. */
export function node(level: Uint8Array, i: number, l: number): Uint8Array {
  return (i + 1) * WORD <= level.length ? level.subarray(i * WORD, (i + 1) * WORD) : ZERO[l]!;
}

/** The root a leaf and its siblings lead to; throws BadProofError for a path of the wrong length. */
export function rootFromProof(leaf: Uint8Array, index: number, siblings: Uint8Array[], depth: number): Uint8Array {
  if (siblings.length !== depth) throw new BadProofError(`a Merkle path of ${siblings.length} siblings for a tree of depth ${depth}`);
  if (leaf.length !== WORD || siblings.some((s) => s.length !== WORD)) throw new BadProofError('a Merkle node is not 32 bytes');
  if (index < 0 || index >= 2 ** depth) throw new BadProofError(`leaf index ${index} outside a tree of depth ${depth}`);
  let h = leaf;
  for (let l = 0; l < depth; l++) h = (index >>> l) & 1 ? hashPair(siblings[l]!, h) : hashPair(h, siblings[l]!);
  return h;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function toHex(bytes: Uint8Array): `0x${string}` {
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
