import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeResultDigest } from '../../../worker/src/sandbox/computeResultDigest.ts';
import { decodeResult, encodeResult, resultDigestOf } from './resultCodec.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('result codec', () => {
  test('round-trips a result and its digest equals the sandbox digest (the leaf workers agree on)', () => {
    const result = {
      stdout: enc('{"estimate":10.4}\n'),
      files: { 'b.txt': enc('B'), 'a/x.bin': new Uint8Array([0, 1, 2]), stdout: enc('a file named stdout') },
    };
    const blob = encodeResult(result);
    assert.deepEqual(decodeResult(blob), result);
    assert.equal(resultDigestOf(blob), computeResultDigest(result));
    assert.equal(resultDigestOf(result), computeResultDigest(result));
  });

  test('file order does not change the encoding; content does', () => {
    const a = encodeResult({ stdout: enc('x'), files: { b: enc('1'), a: enc('2') } });
    const b = encodeResult({ stdout: enc('x'), files: { a: enc('2'), b: enc('1') } });
    assert.deepEqual(a, b);
    assert.notEqual(resultDigestOf(a), resultDigestOf(encodeResult({ stdout: enc('y'), files: { a: enc('2'), b: enc('1') } })));
  });

  test('malformed blobs are refused', () => {
    assert.throws(() => decodeResult(new Uint8Array([0, 0, 0, 9, 1])), /truncated/);
    assert.throws(() => decodeResult(new Uint8Array()), /empty/);
    const wrongFirst = encodeResult({ stdout: enc(''), files: {} });
    wrongFirst[4] = 'x'.charCodeAt(0);
    assert.throws(() => decodeResult(wrongFirst), /first entry must be stdout/);
  });
});
