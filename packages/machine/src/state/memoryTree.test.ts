import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Machine } from '../exec/machine.ts';
import { compileModule } from '../compile/compileModule.ts';
import { buildModule } from '../testing/wasmBuilder.ts';
import { MEMORY_DEPTH, MemoryTree } from './memoryTree.ts';
import { depthFor, equalBytes, MerkleTree, rootFromProof, ZERO } from './merkle.ts';

const machine = (pages: number) => new Machine(compileModule(buildModule({ memory: { min: pages }, funcs: [{ body: [] }] })), [], 64);

/** A second machine with the same memory bytes, hashed from scratch. */
function freshRoot(m: Machine): Uint8Array {
  const copy = machine(m.pages);
  copy.memory.set(m.memory);
  return new MemoryTree(copy).root;
}

describe('the memory tree', () => {
  test('an all-zero memory has the zero root of depth 27 whatever its size', () => {
    assert.ok(equalBytes(new MemoryTree(machine(1)).root, ZERO[MEMORY_DEPTH]!));
    assert.ok(equalBytes(new MemoryTree(machine(3)).root, ZERO[MEMORY_DEPTH]!));
  });

  test('incremental updates after random writes and a grow equal a tree built from scratch, rehashing only dirty leaves', () => {
    const m = machine(2);
    const tree = new MemoryTree(m);
    let seed = 1;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 50; i++) {
        const address = random() % (m.memory.length - 8);
        m.view.setUint32(address, random(), true);
        m.touch(address, 4);
      }
      if (round === 3) assert.equal(m.grow(2), 2);
      const root = tree.update();
      assert.ok(tree.lastUpdated <= 200, `rehashed ${tree.lastUpdated} leaves for 50 writes`);
      assert.ok(equalBytes(root, freshRoot(m)), `round ${round}`);
    }
  });

  test('a leaf proof has 27 siblings and leads to the root; past the end of memory the leaf is zero', () => {
    const m = machine(1);
    m.memory.fill(9, 100, 200);
    m.touch(100, 100);
    const tree = new MemoryTree(m);
    for (const index of [0, 3, 4, 6, 2047, 2048, 2 ** 27 - 1]) {
      const { leaf, siblings } = tree.proof(index);
      assert.equal(siblings.length, 27);
      assert.ok(equalBytes(rootFromProof(leaf, index, siblings, MEMORY_DEPTH), tree.root), `leaf ${index}`);
      if (index >= 2048) assert.ok(equalBytes(leaf, ZERO[0]!));
    }
  });

  test('MerkleTree proofs round-trip for every leaf count up to 9', () => {
    for (let n = 1; n <= 9; n++) {
      const leaves = new Uint8Array(32 * n).map((_, i) => i * 7);
      const tree = new MerkleTree(leaves, depthFor(n));
      for (let i = 0; i < n; i++)
        assert.ok(equalBytes(rootFromProof(leaves.slice(32 * i, 32 * i + 32), i, tree.proof(i), tree.depth), tree.root));
    }
  });
});
