import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatTokens } from './formatTokens.ts';

describe('formatTokens', () => {
  test('wei as tokens with the symbol, without trailing zeros', () => {
    assert.equal(formatTokens(999_200_000_000_000_000_000n), '999.2 PGT');
    assert.equal(formatTokens(99_999_999_000_000_000_000_000_000n), '99999999 PGT');
    assert.equal(formatTokens(10_000_000_000_000_000n), '0.01 PGT');
    assert.equal(formatTokens(1n), '0.000000000000000001 PGT');
    assert.equal(formatTokens(0n), '0 PGT');
    assert.equal(formatTokens(-1_500_000_000_000_000_000n), '-1.5 PGT');
  });

  test('another symbol and number of decimals', () => {
    assert.equal(formatTokens(1234n, { symbol: 'USDC', decimals: 2 }), '12.34 USDC');
    assert.equal(formatTokens(7n, { symbol: 'X', decimals: 0 }), '7 X');
  });
});
