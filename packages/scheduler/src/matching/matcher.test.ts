import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorInfo } from '@proofgrid/sdk/errors';
import { STALE_ORDER_CODES } from './matcher.ts';

test('the match errors that refresh orders are contract errors of the catalogue (a renamed one fails here)', () => {
  for (const code of STALE_ORDER_CODES) {
    const info = errorInfo(code);
    assert.ok(info, `${code} is in the error catalogue`);
    assert.equal(info.area, 'contract', `${code} is a contract error`);
  }
  assert.equal(STALE_ORDER_CODES.has('xOrderExpired'), false, 'whole codes, not a pattern');
});
