import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { computeResultDigest } from './computeResultDigest.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('computeResultDigest', () => {
  test('hashes the documented encoding: stdout first, then files by name, each length-prefixed', () => {
    const expected = createHash('sha256')
      .update(Buffer.from('00000006' + '7374646f7574' + '0000000000000002' + '6869', 'hex')) // "stdout" "hi"
      .update(Buffer.from('00000001' + '61' + '0000000000000001' + '41', 'hex')) // "a" "A"
      .update(Buffer.from('00000003' + '622f63' + '0000000000000000', 'hex')) // "b/c" ""
      .digest('hex');
    const digest = computeResultDigest({ stdout: utf8('hi'), files: { 'b/c': new Uint8Array(0), a: utf8('A') } });
    assert.equal(digest, `0x${expected}`);
  });

  test('does not depend on the order files were listed in', () => {
    const one = computeResultDigest({ stdout: utf8(''), files: { x: utf8('1'), y: utf8('2') } });
    const two = computeResultDigest({ stdout: utf8(''), files: { y: utf8('2'), x: utf8('1') } });
    assert.equal(one, two);
  });

  test('tells stdout apart from a file named stdout, and moved bytes apart from the original', () => {
    const viaStdout = computeResultDigest({ stdout: utf8('v'), files: {} });
    const viaFile = computeResultDigest({ stdout: utf8(''), files: { stdout: utf8('v') } });
    assert.notEqual(viaStdout, viaFile);
    const split = computeResultDigest({ stdout: utf8(''), files: { a: utf8('bc') } });
    const moved = computeResultDigest({ stdout: utf8(''), files: { ab: utf8('c') } });
    assert.notEqual(split, moved);
  });

  test('returns 0x and 64 hex digits', () => {
    assert.match(computeResultDigest({ stdout: new Uint8Array(0), files: {} }), /^0x[0-9a-f]{64}$/);
  });
});
