import { formatTokens } from '@proofgrid/sdk';
import { type Hex, parseEther } from 'viem';
import { UsageError } from './errors.ts';

/** Token wei as a decimal number of tokens, e.g. `0.01 PGT`. */
export function tokens(wei: bigint | string): string {
  return formatTokens(BigInt(wei));
}

/** `0x1234abcd…` for long hashes in tables. */
export function short(hex: string | undefined, chars = 10): string {
  if (!hex) return '-';
  return hex.length > chars + 2 ? `${hex.slice(0, chars)}…` : hex;
}

/** A token amount typed by a person ("1.5") as wei; a usage error when it is not a decimal number. */
export function parseAmount(text: string, what = 'amount'): bigint {
  if (!/^\d+(\.\d{1,18})?$/.test(text.trim())) {
    throw new UsageError(`malformed ${what} "${text}": give tokens as a decimal number, e.g. 1.5`, 'AmountInvalid', { [what]: text });
  }
  return parseEther(text.trim());
}

/** A non-negative integer argument (ids, indexes, counts). */
export function parseUint(text: string, what: string): bigint {
  if (!/^\d+$/.test(String(text).trim()))
    throw new UsageError(`malformed ${what} "${text}": give a whole number`, 'NumberInvalid', { [what]: text });
  return BigInt(String(text).trim());
}

/** A 32-byte hex id (deal id, order hash). */
export function parseBytes32(text: string, what: string): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(text.trim()))
    throw new UsageError(`malformed ${what} "${text}": give 0x and 64 hex digits`, 'HashInvalid', { [what]: text });
  return text.trim().toLowerCase() as Hex;
}

/** A 20-byte address. */
export function parseAddress(text: string, what = 'address'): Hex {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text.trim()))
    throw new UsageError(`malformed ${what} "${text}": give 0x and 40 hex digits`, 'AddressInvalid', { [what]: text });
  return text.trim() as Hex;
}

/** Milliseconds since the epoch as a short local time. */
export function when(ms: number | undefined): string {
  return ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '-';
}
