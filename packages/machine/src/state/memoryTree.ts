import type { Machine } from '../exec/machine.ts';
import { hashPair, node, WORD, ZERO } from './merkle.ts';

/** 2^27 leaves of 32 bytes: the 4 GiB a 32-bit memory can address, so every memory proof has 27 siblings (as Nitro's, Cannon's 28 words). */
export const MEMORY_DEPTH = 27;

/**
 * The Merkle tree of a machine's memory: 32-byte leaves (the memory itself is level 0), fixed depth 27,
 * zero past the memory's end. update() rehashes only the leaves marked dirty since the last update and
 * their ancestors, so a checkpoint costs what was written, not the size of memory.
 */
export class MemoryTree {
  private readonly m: Machine;
  /** levels[l] for l >= 1: the nodes covering the current memory; level 0 is m.memory. */
  private readonly levels: Uint8Array[] = [new Uint8Array(0)];
  /** Leaves rehashed by the last update (a measure of its cost). */
  lastUpdated = 0;

  constructor(m: Machine) {
    this.m = m;
    for (let l = 1; l <= MEMORY_DEPTH; l++) this.levels.push(new Uint8Array(0));
    this.update();
  }

  /** Brings the tree up to date with memory; returns the root. */
  update(): Uint8Array {
    const memory = this.m.memory;
    this.resize(memory.length / WORD);
    const dirty = this.m.dirty;
    const words = new Uint32Array(dirty.buffer, dirty.byteOffset, dirty.length >>> 2);
    let parents: number[] = [];
    for (let wi = 0; wi < words.length; wi++) {
      if (words[wi] === 0) continue;
      for (let leaf = wi * 4; leaf < wi * 4 + 4; leaf++) {
        if (dirty[leaf] === 0) continue;
        const p = leaf >>> 1;
        if (parents[parents.length - 1] !== p) parents.push(p);
      }
    }
    this.lastUpdated = parents.length * 2;
    dirty.fill(0);
    this.levels[0] = memory;
    for (let l = 1; l <= MEMORY_DEPTH && parents.length > 0; l++) {
      const below = this.levels[l - 1]!;
      const level = this.levels[l]!;
      const next: number[] = [];
      for (const i of parents) {
        level.set(hashPair(node(below, 2 * i, l - 1), node(below, 2 * i + 1, l - 1)), i * WORD);
        const p = i >>> 1;
        if (next[next.length - 1] !== p) next.push(p);
      }
      parents = next;
    }
    return this.root;
  }

  /** The root now (a copy: the tree's own nodes change with the next update). */
  get root(): Uint8Array {
    return node(this.levels[MEMORY_DEPTH]!, 0, MEMORY_DEPTH).slice();
  }

  /** Leaf `index` (32 bytes of memory, zero past its end) and its 27 siblings. Call update() first. */
  proof(index: number): { leaf: Uint8Array; siblings: Uint8Array[] } {
    const siblings: Uint8Array[] = [];
    for (let l = 0; l < MEMORY_DEPTH; l++) siblings.push(node(this.levels[l]!, (index >>> l) ^ 1, l).slice());
    return { leaf: node(this.levels[0]!, index, 0).slice(), siblings };
  }

  /** Keeps one node per covered subtree on each level; new nodes start as zero subtrees (grown memory is zero). */
  private resize(leaves: number): void {
    for (let l = 1; l <= MEMORY_DEPTH; l++) {
      const count = Math.ceil(leaves / 2 ** l);
      const old = this.levels[l]!;
      if (old.length === count * WORD) continue;
      const level = new Uint8Array(count * WORD);
      level.set(old.subarray(0, Math.min(old.length, level.length)));
      for (let i = old.length / WORD; i < count; i++) level.set(ZERO[l]!, i * WORD);
      this.levels[l] = level;
    }
  }
}
