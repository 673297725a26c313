import { ctr } from '@noble/ciphers/aes';
import { sha256 } from '@noble/hashes/sha2';
import { trap } from '../exec/trap.ts';
import { MerkleTree } from '../state/merkle.ts';

/** Bytes of the keystream a run may read, committed as a Merkle tree of 32-byte leaves (decisions 019, 023). */
export const RANDOM_BYTES = 1 << 20;
export const RANDOM_DEPTH = 15;

/**
 * The random_get stream of the machine and of the worker's sandbox, which runs this WASI (decision 025): the
 * AES-256-CTR keystream (zero IV, 128-bit big-endian counter) under sha256("proofgrid/sandbox/random/v1:" + seed),
 * read continuously across calls. `position` (bytes consumed) is part of the machine's I/O state.
 */
export class RandomStream {
  position = 0;
  /** The AES-256 key: sha256 of the seed's label. */
  readonly key: Uint8Array;
  private tree: MerkleTree | undefined;
  constructor(seed: string) {
    this.key = sha256(new TextEncoder().encode(`proofgrid/sandbox/random/v1:${seed}`));
  }

  /** The first RANDOM_BYTES of the keystream as a tree (its root is committed when the module imports random_get). */
  keystream(): MerkleTree {
    this.tree ??= new MerkleTree(ctr(this.key, new Uint8Array(16)).encrypt(new Uint8Array(RANDOM_BYTES)), RANDOM_DEPTH);
    return this.tree;
  }

  /** The next `length` bytes of the stream. */
  next(length: number): Uint8Array {
    const first = Math.floor(this.position / 16);
    const skip = this.position - first * 16;
    const iv = new Uint8Array(16);
    new DataView(iv.buffer).setBigUint64(8, BigInt(first), false);
    const block = ctr(this.key, iv).encrypt(new Uint8Array(skip + length));
    this.position += length;
    return block.subarray(skip);
  }
}

type Memory = { check(ptr: number, length: number): void; set(ptr: number, data: Uint8Array): void };
type Progress = { get(k: number): number; set(k: number, value: number): void };

/**
 * random_get in micro-steps (decision 023): the first checks the buffer (FAULT before any byte moves; a zero length
 * answers at once), then each moves one chunk inside a 32-byte leaf of memory and of the keystream (parameter 1's
 * high word: bytes copied). Past RANDOM_BYTES the step traps (the sandbox, which runs this WASI, traps too).
 */
export function randomCall(random: RandomStream, repeat: symbol) {
  return (mem: Memory, arg: (k: number) => number, p: Progress): number | symbol => {
    const [buf, length] = [arg(0), arg(1)];
    if (p.get(0) === 0) {
      mem.check(buf, length);
      if (length === 0) return 0;
      p.set(0, 1);
      return repeat;
    }
    const copied = p.get(1);
    const k = Math.min(length - copied, 32 - ((buf + copied) % 32), 32 - (random.position % 32));
    if (random.position + k > RANDOM_BYTES) trap('random stream exhausted (1 MiB)');
    mem.set(buf + copied, random.next(k));
    p.set(1, copied + k);
    return copied + k === length ? 0 : repeat;
  };
}
