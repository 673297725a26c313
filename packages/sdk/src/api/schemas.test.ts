import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { frame, unframe } from './createMarketClient.ts';
import { zPublishOrder, zRequestParams, zUint } from './schemas.ts';

describe('wire schemas', () => {
  test('uints travel as decimal strings and are bounded', () => {
    assert.equal(zUint.parse('123'), 123n);
    assert.equal(zUint.parse(7), 7n);
    assert.equal(zUint.safeParse('-1').success, false);
    assert.equal(zUint.safeParse('0x10').success, false);
    assert.equal(zUint.safeParse((2n ** 256n).toString()).success, false);
  });

  test('a publish body is checked field by field', () => {
    const r = zPublishOrder.safeParse({ kind: 'app', order: { app: '1' }, signature: '0x' });
    assert.equal(r.success, false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('order.price') && paths.includes('order.salt'), paths.join(','));
    assert.equal(zPublishOrder.safeParse({ kind: 'bogus', order: {}, signature: '0x' }).success, false);
  });

  test('request params: known keys, bounded replicas and run time', () => {
    assert.deepEqual(zRequestParams.parse({ args: ['1'], replicas: 3 }), { args: ['1'], replicas: 3 });
    assert.equal(zRequestParams.safeParse({ replicas: 21 }).success, false);
    assert.equal(zRequestParams.safeParse({ maxRunMs: 1 }).success, false);
  });

  test('blob frames round-trip and truncation is detected', () => {
    const blobs = [new Uint8Array([1, 2, 3]), new Uint8Array(), new Uint8Array([9])];
    assert.deepEqual(unframe(frame(blobs)), blobs);
    assert.throws(() => unframe(frame(blobs).subarray(0, 5)), /truncated/);
  });
});
