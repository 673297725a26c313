import { randomBytes } from 'node:crypto';
import type { Hex } from 'viem';

export type ChallengeOptions = {
  /** How long a nonce is accepted after it is issued (default 2 minutes). */
  ttlMs?: number;
  /** Nonces outstanding (issued, used or not, and not yet expired) at most; the oldest is forgotten first (default 10,000). */
  max?: number;
  now?: () => number;
};

/** What a registration's nonce turned out to be: good (now used), used before, or never issued / expired / forgotten. */
export type NonceVerdict = 'ok' | 'replayed' | 'unknown';

/**
 * One-time registration challenges (docs/decisions/014): random 32-byte nonces, single use, a short
 * TTL, a bounded number. Kept in memory: a restart forgets them, and a worker simply asks again.
 * A used nonce is remembered until it would have expired, so a replay inside that window is told
 * apart (`replayed`) from a nonce this scheduler never issued or no longer holds (`unknown`);
 * both are refused.
 */
export function createChallenges({ ttlMs = 120_000, max = 10_000, now = Date.now }: ChallengeOptions = {}) {
  /** nonce -> expiry and use; insertion order is issue order, so the oldest come first. */
  const nonces = new Map<string, { expiresAt: number; used: boolean }>();

  function prune() {
    const t = now();
    for (const [nonce, n] of nonces) {
      if (n.expiresAt > t) break; // one TTL for all: the rest expire later
      nonces.delete(nonce);
    }
  }

  return {
    /** A fresh nonce and when it stops being accepted (ms since the epoch). */
    issue(): { nonce: Hex; expiresAt: number } {
      prune();
      while (nonces.size >= max) nonces.delete(nonces.keys().next().value as string);
      const nonce = `0x${randomBytes(32).toString('hex')}` as Hex;
      const expiresAt = now() + ttlMs;
      nonces.set(nonce, { expiresAt, used: false });
      return { nonce, expiresAt };
    },
    /** Uses a nonce up: `ok` once, then `replayed`; `unknown` when never issued, expired or forgotten. */
    consume(nonce: string): NonceVerdict {
      const n = nonces.get(nonce.toLowerCase());
      if (!n || n.expiresAt <= now()) return 'unknown';
      if (n.used) return 'replayed';
      n.used = true;
      return 'ok';
    },
    get size() {
      prune();
      return nonces.size;
    },
  };
}
export type Challenges = ReturnType<typeof createChallenges>;
