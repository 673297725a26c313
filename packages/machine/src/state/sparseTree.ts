import { hashPair, ZERO } from './merkle.ts';

/**
 * A fixed-depth Merkle tree over a few non-zero 32-byte leaves at arbitrary indices (up to 2^depth), every other
 * leaf zero: the I/O state's fd table (depth 12) and file table (depth 32, keyed by a hash of the path). Its root
 * and paths are those of the dense tree (merkle.ts) with the same leaves.
 */
export class SparseTree {
  readonly depth: number;
  /** levels[l]: the non-zero-subtree nodes of level l by index. */
  private readonly levels: Map<number, Uint8Array>[];
  constructor(leaves: Map<number, Uint8Array>, depth: number) {
    this.depth = depth;
    this.levels = [leaves];
    for (let l = 0; l < depth; l++) {
      const below = this.levels[l]!;
      const level = new Map<number, Uint8Array>();
      for (const i of below.keys()) {
        const parent = Math.floor(i / 2);
        if (level.has(parent)) continue;
        level.set(parent, hashPair(below.get(2 * parent) ?? ZERO[l]!, below.get(2 * parent + 1) ?? ZERO[l]!));
      }
      this.levels.push(level);
    }
  }

  get root(): Uint8Array {
    return this.levels[this.depth]!.get(0) ?? ZERO[this.depth]!;
  }

  leaf(index: number): Uint8Array {
    return (this.levels[0]!.get(index) ?? ZERO[0]!).slice();
  }

  /** The siblings of leaf `index`, bottom up. */
  proof(index: number): Uint8Array[] {
    const siblings: Uint8Array[] = [];
    let i = index;
    for (let l = 0; l < this.depth; l++, i = Math.floor(i / 2))
      siblings.push((this.levels[l]!.get(i % 2 === 0 ? i + 1 : i - 1) ?? ZERO[l]!).slice());
    return siblings;
  }
}
