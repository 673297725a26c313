import { formatEther, parseEther } from 'viem';
import { ProofgridError } from '@proofgrid/sdk';

/** A token amount for people: up to 4 decimals, with the unit. */
export function formatToken(amount: bigint, symbol = 'PGT'): string {
  const n = Number(formatEther(amount));
  return `${n.toLocaleString('en-US', { maximumFractionDigits: 4 })} ${symbol}`;
}

/** A long hex id shortened for display: 0x1234…abcd. */
export function short(hex: string | undefined, keep = 6): string {
  if (!hex) return '—';
  return hex.length <= 2 + keep * 2 ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-4)}`;
}

/**
 * A decimal token amount typed by a person ("12", "0.5") to wei; throws `InputInvalid` otherwise.
 * @example parseAmount('1.5') // 1500000000000000000n
 */
export function parseAmount(text: string, field = 'amount'): bigint {
  const t = text.trim();
  if (!/^\d{1,30}(\.\d{1,18})?$/.test(t)) {
    throw new ProofgridError(`${field}: "${text}" is not an amount; enter a number like 10 or 0.5`, {
      code: 'InputInvalid',
      kind: 'user',
      details: { field },
    });
  }
  const wei = parseEther(t);
  if (wei === 0n) throw new ProofgridError(`${field}: give a positive amount`, { code: 'InputInvalid', kind: 'user', details: { field } });
  return wei;
}

/** A whole number typed by a person, within [min, max]; throws `InputInvalid` otherwise. */
export function parseWhole(text: string, field: string, min: number, max: number): number {
  const t = text.trim();
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < min || n > max) {
    throw new ProofgridError(`${field}: "${text}" must be a whole number from ${min} to ${max}`, {
      code: 'InputInvalid',
      kind: 'user',
      details: { field },
    });
  }
  return n;
}

/** Tag bits (docs/protocol.md): bit 0 TEE, bit 1 GPU. */
export function tagNames(tag: string): string[] {
  const bits = BigInt(tag || '0x0');
  const out: string[] = [];
  if (bits & 1n) out.push('TEE');
  if (bits & 2n) out.push('GPU');
  return out;
}

/** Devnet categories by id (max run time). */
export const CATEGORY_NAMES = ['XS (1 min)', 'S (5 min)', 'M (30 min)', 'L (2 h)'];
