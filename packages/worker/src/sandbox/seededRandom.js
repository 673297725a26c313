// @ts-check
import { createCipheriv, createHash } from 'node:crypto';

/**
 * The sandbox's `random_get`: the AES-256-CTR keystream (zero IV) under the key
 * `sha256("proofgrid/sandbox/random/v1:" + seed)`, read as one continuous stream
 * across calls. Same seed, same bytes, on every worker; it never touches host entropy.
 *
 * @example
 * import { createSeededRandom } from './seededRandom.js'
 * const random = createSeededRandom('task-0x12')
 * const bytes = new Uint8Array(8); random.fill(bytes)
 *
 * @param {string} seed
 */
export function createSeededRandom(seed) {
  const key = createHash('sha256').update(`proofgrid/sandbox/random/v1:${seed}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return {
    /** @param {Uint8Array} target */
    fill(target) {
      target.set(cipher.update(new Uint8Array(target.length)));
    },
  };
}
