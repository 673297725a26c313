import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { decodePng } from '../lib/decodePng.ts';
import { adler32, crc32, encodePng } from './encodePng.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('encodePng', () => {
  test('crc32 matches the PNG IEND constant and node:zlib on random bytes', () => {
    assert.equal(crc32(ascii('IEND')), 0xae426082);
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) & 0xff);
    assert.equal(crc32(bytes), zlibCrc32(bytes));
  });

  test('adler32 matches the textbook value for "Wikipedia" and stays exact past 5552 bytes', () => {
    assert.equal(adler32(ascii('Wikipedia')), 0x11e60398);
    const bytes = new Uint8Array(100_000).fill(255);
    let a = 1;
    let b = 0;
    for (const byte of bytes) {
      a = (a + byte) % 65521;
      b = (b + a) % 65521;
    }
    assert.equal(adler32(bytes), ((b << 16) | a) >>> 0);
  });

  test('writes a PNG that an independent inflater decodes back to the pixels, across several stored blocks', () => {
    const width = 300;
    const height = 100; // 90,100 bytes of scanlines: two stored blocks
    const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 31) & 0xff);
    const decoded = decodePng(encodePng(width, height, rgb));
    assert.deepEqual([decoded.width, decoded.height], [width, height]);
    assert.deepEqual(decoded.rgb, rgb);
  });

  test('error: pixel data of the wrong length is a RangeError', () => {
    assert.throws(() => encodePng(2, 2, new Uint8Array(11)), RangeError);
  });
});
