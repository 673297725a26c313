import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeUnsignedLeb128, readUnsignedLeb128 } from './leb128.ts';

describe('leb128', () => {
  test('round-trips values across the 1 to 5 byte boundaries', () => {
    for (const value of [0, 1, 127, 128, 16_383, 16_384, 65_536, 2 ** 28, 2 ** 32 - 1]) {
      const bytes = encodeUnsignedLeb128(value);
      assert.deepEqual(readUnsignedLeb128(Uint8Array.from([0xaa, ...bytes]), 1), { value, next: bytes.length + 1 });
    }
  });

  test('encodes 624485 as the textbook bytes e5 8e 26', () => {
    assert.deepEqual([...encodeUnsignedLeb128(624_485)], [0xe5, 0x8e, 0x26]);
  });

  test('error: a number running past the end throws RangeError', () => {
    assert.throws(() => readUnsignedLeb128(Uint8Array.from([0x80, 0x80]), 0), RangeError);
  });
});
