import { ctr } from '@noble/ciphers/aes';
import { sha256 } from '@noble/hashes/sha2';

/**
 * The random_get stream of the machine and of the worker's sandbox (which runs this WASI, decision 025): the
 * AES-256-CTR keystream (zero IV, 128-bit big-endian counter) under sha256("proofgrid/sandbox/random/v1:" + seed),
 * read continuously across calls. `position` (bytes consumed) is part of the machine's I/O state.
 */
export class RandomStream {
  position = 0;
  /** The AES-256 key: sha256 of the seed's label. Its keccak256 is committed in the I/O state (ioState.ts). */
  readonly key: Uint8Array;
  constructor(seed: string) {
    this.key = sha256(new TextEncoder().encode(`proofgrid/sandbox/random/v1:${seed}`));
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
