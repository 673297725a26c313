import { type Hex, concat, encodeAbiParameters, keccak256 } from 'viem';

/** A Merkle leaf of task `index`'s result digest (double-hashed, as OpenZeppelin recommends). */
export function resultLeafOf(index: number, digest: Hex): Hex {
  return keccak256(keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [BigInt(index), digest])));
}

function hashPair(a: Hex, b: Hex): Hex {
  return BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
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
  const levels: Hex[][] = [digests.map((d, i) => resultLeafOf(first + i, d))];
  while ((levels.at(-1) as Hex[]).length > 1) {
    const level = levels.at(-1) as Hex[];
    const next: Hex[] = [];
    for (let i = 0; i < level.length; i += 2) {
      // An odd node is promoted unchanged to the next level.
      next.push(i + 1 < level.length ? hashPair(level[i] as Hex, level[i + 1] as Hex) : (level[i] as Hex));
    }
    levels.push(next);
  }
  const root = (levels.at(-1) as Hex[])[0] as Hex;
  const proof = (index: number): Hex[] => {
    let position = index - first;
    if (position < 0 || position >= digests.length) throw new RangeError(`task ${index} is not in this batch`);
    const path: Hex[] = [];
    for (const level of levels.slice(0, -1)) {
      const sibling = position ^ 1;
      if (sibling < level.length) path.push(level[sibling] as Hex);
      position >>= 1;
    }
    return path;
  };
  return { root, proof };
}
