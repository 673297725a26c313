// Token amounts for people. Here, dependency-free, because the error hints (hints.ts) use it; the SDK root exports it.

/** The Proofgrid token's symbol and decimals (contracts/src/token/ProofToken.sol); getToken reads them from a deployment. */
export const PROOF_TOKEN = { symbol: 'PGT', decimals: 18 } as const;

/**
 * An amount in the token's smallest unit (wei) as a decimal number of tokens with the symbol, without trailing zeros.
 * @example
 * import { formatTokens } from '@proofgrid/sdk';
 * formatTokens(999_200_000_000_000_000_000n); // '999.2 PGT'
 * formatTokens(5n, { decimals: 0, symbol: 'X' }); // '5 X'
 */
export function formatTokens(
  wei: bigint,
  { symbol = PROOF_TOKEN.symbol, decimals = PROOF_TOKEN.decimals }: { symbol?: string; decimals?: number } = {},
): string {
  const base = 10n ** BigInt(decimals);
  const abs = wei < 0n ? -wei : wei;
  const fraction = decimals > 0 ? (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '') : '';
  return `${wei < 0n ? '-' : ''}${abs / base}${fraction ? `.${fraction}` : ''} ${symbol}`;
}
