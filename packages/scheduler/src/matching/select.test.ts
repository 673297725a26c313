import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offer, request } from './orders.fixture.ts';
import { chooseOffers, rankOffers } from './select.ts';

const price = (o: { body: string }) => (JSON.parse(o.body) as { price: string }).price;

test('the matcher takes the cheapest fitting app and pool orders, not the first published', () => {
  const r = request({ appMaxPrice: '50', workerpoolMaxPrice: '50' });
  const apps = [
    offer('app', { price: '30' }, { createdAt: 1 }),
    offer('app', { price: '60' }, { createdAt: 2 }), // too dear
    offer('app', { price: '10' }, { createdAt: 3 }),
    offer('app', { price: '20' }, { createdAt: 4 }),
  ];
  const pools = [
    offer('workerpool', { price: '40' }, { createdAt: 1 }),
    offer('workerpool', { price: '5', category: '1' }, { createdAt: 2 }), // another category
    offer('workerpool', { price: '25' }, { createdAt: 3 }),
    offer('workerpool', { price: '7' }, { createdAt: 4, consumed: '1000' }), // used up
  ];
  const choice = chooseOffers(r, { apps, datasets: [], pools }, '1');
  assert.ok(!('missing' in choice));
  assert.equal(price(choice.app), '10');
  assert.equal(price(choice.pool), '25');
  assert.equal(choice.dataset, undefined);
});

test('among equal prices the earliest goes first; orderRank earliest keeps publication order', () => {
  const a = offer('app', { price: '10' }, { createdAt: 5 });
  const b = offer('app', { price: '10' }, { createdAt: 2 });
  const c = offer('app', { price: '3' }, { createdAt: 9 });
  assert.deepEqual(
    rankOffers([a, b, c]).map((o) => o.hash),
    [c.hash, b.hash, a.hash],
  );
  const pools = [offer('workerpool', { price: '9' }, { createdAt: 1 }), offer('workerpool', { price: '1' }, { createdAt: 2 })];
  const earliest = chooseOffers(
    request({ params: JSON.stringify({ orderRank: 'earliest' }) }),
    { apps: [a, b, c], datasets: [], pools },
    '1',
  );
  assert.ok(!('missing' in earliest));
  assert.equal(earliest.app.hash, b.hash);
  assert.equal(price(earliest.pool), '9');
});

test('an app order restricted to another pool does not fit; a missing kind is named', () => {
  const r = request();
  const elsewhere = offer('app', { price: '1', workerpoolRestrict: '2' });
  const here = offer('app', { price: '2', workerpoolRestrict: '1' });
  const pools = [offer('workerpool')];
  const choice = chooseOffers(r, { apps: [elsewhere, here], datasets: [], pools }, '1');
  assert.ok(!('missing' in choice));
  assert.equal(choice.app.hash, here.hash);
  assert.deepEqual(chooseOffers(r, { apps: [elsewhere], datasets: [], pools }, '1'), { missing: 'app' });
  assert.deepEqual(chooseOffers(request({ dataset: '4' }), { apps: [here], datasets: [], pools }, '1'), { missing: 'dataset' });
  assert.deepEqual(chooseOffers(r, { apps: [here], datasets: [], pools: [] }, '1'), { missing: 'workerpool' });
});
