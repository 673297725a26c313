import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Hex, concat, encodeAbiParameters, keccak256 } from 'viem';
import { buildResultTree, resultLeafOf } from './resultTree.ts';

// The tree as contracts/src/libraries/ResultHashing.sol defines it, written the plain way (hex, viem's ABI
// encoder): the byte-level buildResultTree must give the same leaves, roots and proofs.
const referenceLeaf = (index: number, digest: Hex): Hex =>
  keccak256(keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [BigInt(index), digest])));
const referencePair = (a: Hex, b: Hex): Hex => (BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a])));
/** OpenZeppelin's MerkleProof.processProof over sorted pairs. */
const processProof = (leaf: Hex, proof: Hex[]) => proof.reduce(referencePair, leaf);
function referenceRoot(first: number, digests: Hex[]): Hex {
  if (digests.length === 1) return digests[0]!;
  let level = digests.map((d, i) => referenceLeaf(first + i, d));
  while (level.length > 1) {
    const next: Hex[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? referencePair(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** Fixed-seed digests (some with leading zero bytes, some equal, to reach the pair order's edge cases). */
function digestsOf(seed: number, count: number): Hex[] {
  return Array.from({ length: count }, (_, i) => {
    const h = keccak256(`0x${(seed * 1000 + i).toString(16).padStart(8, '0')}`);
    if (i % 7 === 3) return `0x0000${h.slice(6)}` as Hex;
    if (i % 11 === 5 && i > 0) return keccak256(`0x${(seed * 1000 + i - 1).toString(16).padStart(8, '0')}`);
    return h;
  });
}

describe('buildResultTree', () => {
  test('gives the reference roots and leaves for batches of 1 to 70 tasks at any first index', () => {
    for (let count = 1; count <= 70; count++) {
      const first = (count * 37) % 1000;
      const digests = digestsOf(count, count);
      assert.equal(buildResultTree(first, digests).root, referenceRoot(first, digests), `${count} tasks from ${first}`);
      assert.equal(resultLeafOf(first + count - 1, digests.at(-1)!), referenceLeaf(first + count - 1, digests.at(-1)!));
    }
  });

  test('every proof leads from its leaf to the root, as the contract checks it', () => {
    for (const count of [2, 3, 5, 8, 13, 250]) {
      const digests = digestsOf(count + 500, count);
      const tree = buildResultTree(10, digests);
      for (let i = 0; i < count; i++) assert.equal(processProof(referenceLeaf(10 + i, digests[i]!), tree.proof(10 + i)), tree.root);
    }
  });

  test('one task: the root is its digest and the proof is empty', () => {
    const [digest] = digestsOf(9, 1);
    assert.deepEqual([buildResultTree(4, [digest!]).root, buildResultTree(4, [digest!]).proof(4)], [digest, []]);
  });

  test('error: no digests, a digest that is not 32 bytes, a task outside the batch', () => {
    assert.throws(() => buildResultTree(0, []), /at least one task/);
    assert.throws(() => buildResultTree(0, ['0x01', '0x02']), /32 bytes/);
    assert.throws(() => buildResultTree(5, digestsOf(1, 3)).proof(8), RangeError);
  });
});
