import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatToken, parseAmount, parseWhole, short, tagNames } from './format.ts';

describe('parseAmount', () => {
  test('reads decimal token amounts as wei', () => {
    assert.equal(parseAmount('1.5'), 1_500_000_000_000_000_000n);
    assert.equal(parseAmount(' 10 '), 10n * 10n ** 18n);
  });
  for (const bad of ['', 'abc', '12abc', '-1', '1e18', '0', '1.1234567890123456789'])
    test(`error: "${bad}" is InputInvalid`, () => assert.throws(() => parseAmount(bad), { code: 'InputInvalid' }));
});

describe('parseWhole', () => {
  test('reads a whole number in range', () => assert.equal(parseWhole('8', 'tasks', 1, 64), 8));
  test('error: out of range or not whole', () => {
    for (const bad of ['0', '65', '2.5', 'x']) assert.throws(() => parseWhole(bad, 'tasks', 1, 64), { code: 'InputInvalid' });
  });
});

describe('display helpers', () => {
  test('formats tokens with the unit', () => assert.equal(formatToken(1_234_500_000_000_000_000n, 'PGT'), '1.2345 PGT'));
  test('shortens hex ids', () => assert.equal(short(`0x${'ab'.repeat(32)}`), '0xababab…abab'));
  test('names tag bits (bit 0 TEE, bit 1 GPU)', () => assert.deepEqual(tagNames(`0x${'0'.repeat(63)}3`), ['TEE', 'GPU']));
});
