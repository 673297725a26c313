/**
 * Per-task seeds derived from a bag's seed, with the SplitMix64 finaliser (the
 * generator the apps use), so that tasks of one bag draw unrelated streams.
 * Seeds are decimal strings of unsigned 64-bit integers (what the apps' argSeed reads).
 */
const MASK = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;

/** The SplitMix64 output function applied to `x`. */
export function mix64(x: bigint): bigint {
  let z = x & MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

/**
 * The seed of task `index` of a bag seeded with `seed`.
 * @example
 * taskSeed(42, 0) // '…' a decimal u64, different for every index
 */
export function taskSeed(seed: number | bigint | string, index: number): string {
  const base = BigInt(seed) & MASK;
  return mix64(base + BigInt(index + 1) * GAMMA).toString();
}
