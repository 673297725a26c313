import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zeroHash } from 'viem';
import { bitsOfTag, parseTag, tagFromBits } from './tags.ts';

test('tags from bit numbers and back; as people write them', () => {
  const t = tagFromBits([0, 2]);
  assert.equal(t, `0x${'0'.repeat(63)}5`);
  assert.deepEqual(bitsOfTag(t), [0, 2]);
  assert.deepEqual(bitsOfTag(tagFromBits([255])), [255]);
  assert.equal(parseTag('0, 2'), t);
  assert.equal(parseTag('0x5'), t);
  assert.equal(parseTag(''), zeroHash);
  assert.throws(() => parseTag('gpu'), { code: 'TagInvalid' });
  assert.throws(() => tagFromBits([256]), { code: 'TagInvalid' });
});
