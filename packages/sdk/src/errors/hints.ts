import { formatTokens } from './formatTokens.ts';
import type { ErrorKind } from './catalogue/types.ts';
import { errorInfo, hintOf } from './registry.ts';

/**
 * What to tell a person about a contract custom error, from the catalogue: who must act (`kind`)
 * and how (`message`, the hint with the error's arguments filled in by name, token amounts in tokens).
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
  const named = Object.fromEntries(
    argNames.map((name, i) => [name, info.amounts.includes(name) && typeof args[i] === 'bigint' ? formatTokens(args[i]) : args[i]]),
  );
  return { kind: info.kind, message: hintOf(errorName, { ...named }) };
}
