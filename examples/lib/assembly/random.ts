// SplitMix64 (Steele, Lea, Flood 2014): the seeded generator every example app
// uses, chosen because it is one 64-bit state and a few lines to mirror in JS.

export class SplitMix64 {
  private state: u64;

  constructor(seed: u64) {
    this.state = seed;
  }

  /** The next 64 random bits. */
  next(): u64 {
    this.state += 0x9e3779b97f4a7c15;
    let z = this.state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }

  /** A double uniform in [0, 1) with 53 random bits. */
  nextFloat(): f64 {
    return <f64>(this.next() >> 11) * 1.1102230246251565e-16; // 2^-53
  }

  /** An integer uniform in [0, bound) (modulo bias below 2^-32 for bound < 2^32). */
  nextBelow(bound: u32): u32 {
    return <u32>(this.next() % <u64>bound);
  }
}

/** Parses a decimal seed argument ("42") into a u64. */
export function parseSeed(text: string): u64 {
  let value: u64 = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw new Error("seed must be a decimal integer: " + text);
    value = value * 10 + <u64>digit;
  }
  return value;
}
