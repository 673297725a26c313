// Long polls on the market's views (decision 021): the store's view writes wake them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStore, openDb } from '../store/index.ts';
import { createWaiters, waitForChange } from './waiters.ts';

const changes = createWaiters();
const store = createStore(openDb(':memory:'), { onChange: () => changes.kick() });
const hash = `0x${'11'.repeat(32)}` as const;
store.orders.insert({
  hash,
  kind: 'request',
  body: '{}',
  signer: `0x${'22'.repeat(20)}`,
  asset: '1',
  app: '1',
  dataset: '0',
  workerpool: '0',
  requester: `0x${'22'.repeat(20)}`,
  category: 0,
  trust: 1,
  volume: 1,
  consumed: 0,
  expiry: 0,
  status: 'open',
  created_at: 0,
} as never);
const read = () => store.orders.get(hash)?.reason ?? '';
const key = (v: string) => v;
const stopped = () => false;

test('a view write wakes a long poll: it answers with the new view, not the one it was given', async () => {
  const held = waitForChange(changes, read, key, { since: '', ms: 20_000, stopped });
  setImmediate(() => store.orders.setReason(hash, 'NoWorkerpoolOrder: none'));
  assert.equal(await held, 'NoWorkerpoolOrder: none');
});

test('a write that leaves the view as it was keeps the poll waiting until its time is up', async () => {
  const held = waitForChange(changes, read, key, { since: 'NoWorkerpoolOrder: none', ms: 200, stopped });
  setImmediate(() => store.orders.setReason(hash, 'NoWorkerpoolOrder: none'));
  assert.equal(await held, 'NoWorkerpoolOrder: none', 'the same view, after the wait');
});

test('a view already different from `since`, or no `since`, is answered at once', async () => {
  assert.equal(await waitForChange(changes, read, key, { since: 'something else', ms: 60_000, stopped }), 'NoWorkerpoolOrder: none');
  assert.equal(await waitForChange(changes, read, key, { since: undefined, ms: 60_000, stopped }), 'NoWorkerpoolOrder: none');
});

test('a change between reading and waiting is not lost (the generation is taken before the read)', async () => {
  let first = true;
  const racy = () => {
    const v = read();
    if (first) {
      first = false;
      store.orders.setReason(hash, 'changed while reading');
    }
    return v;
  };
  assert.equal(await waitForChange(changes, racy, key, { since: 'NoWorkerpoolOrder: none', ms: 20_000, stopped }), 'changed while reading');
});
