import { formatTokens } from './formatTokens.ts';
import type { ErrorKind } from './catalogue/types.ts';
import { errorInfo, hintOf } from './registry.ts';

/** Contract error arguments that are token amounts (wei): a person reads them in tokens (`999.2 PGT`). */
const TOKEN_ARGS: Readonly<Record<string, readonly string[]>> = {
  EscrowInsufficientBalance: ['balance', 'needed'],
  DealPriceTooHigh: ['price', 'maxPrice'],
  DealValueOverflow: ['value'],
  ERC20InsufficientAllowance: ['allowance', 'needed'],
  ERC20InsufficientBalance: ['balance', 'needed'],
};

/**
 * What to tell a person about a contract custom error, from the catalogue: who must act (`kind`)
 * and how (`message`, the hint with the error's arguments filled in by name).
 * @example
 * hintFor('OrderExpired', ['0x…', 1700000000n], ['orderHash', 'expiry']).message; // 'the order expired at 1700000000: …'
 */
export function hintFor(
  errorName: string,
  args: readonly unknown[],
  argNames: readonly string[] = [],
): { kind: ErrorKind; message?: string } {
  const info = errorInfo(errorName);
  if (!info) return { kind: 'user' };
  const amounts = TOKEN_ARGS[errorName] ?? [];
  const named = Object.fromEntries(
    argNames.map((name, i) => [name, amounts.includes(name) && typeof args[i] === 'bigint' ? formatTokens(args[i]) : args[i]]),
  );
  return { kind: info.kind, message: hintOf(errorName, { ...named }) };
}
