import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatExplanation } from '@proofgrid/sdk';
import { explain } from './explain.ts';
import { PGT, offer, request } from './orders.fixture.ts';

const requestRow = (fields: Record<string, string> = {}) => {
  const row = offer('app');
  return { ...row, kind: 'request' as const, body: JSON.stringify(request(fields)), volume: fields.volume ?? '1' };
};
const facts = { now: 1_000_000, pool: '1' };

test('a request no pool serves: every failing clause with its count, and the smallest change', () => {
  const req = requestRow({ workerpoolMaxPrice: String(2n * PGT), trust: '3' });
  const pools = [
    offer('workerpool', { price: String(3n * PGT), trust: '5' }), // price only
    offer('workerpool', { price: String(5n * PGT), trust: '5' }), // price only, dearer
    offer('workerpool', { price: String(PGT), trust: '1' }), // trust only
    offer('workerpool', { price: String(9n * PGT), category: '2', trust: '5' }), // price and category
  ];
  const e = explain(req, { apps: [offer('app')], datasets: [], pools }, facts);
  assert.equal(e.matchable, false);
  assert.deepEqual(e.kinds, { app: { candidates: 1, fitting: 1 }, workerpool: { candidates: 4, fitting: 0 } });
  const price = e.clauses.find((c) => c.kind === 'workerpool' && c.clause === 'price');
  assert.deepEqual(price, { kind: 'workerpool', clause: 'price', failing: 3, of: 4, fix: 'raise workerpoolMaxPrice to 3 PGT' });
  assert.equal(e.clauses.find((c) => c.clause === 'trust')?.failing, 1);
  assert.equal(e.clauses.find((c) => c.clause === 'category')?.failing, 1);
  assert.match(e.summary, /no workerpool order fits \(price fails on 3 of 4\)/);
  assert.deepEqual(e.fixes, ['lower trust to 1, or raise workerpoolMaxPrice to 3 PGT']);
  assert.match(formatExplanation(e), /workerpool price: fails on 3 of 4 \(raise workerpoolMaxPrice to 3 PGT\)/);
});

test('tags, restrictions, the named pool, the private pool, funds and requirements are each named', () => {
  const tag = (bits: number[]) =>
    `0x${bits
      .reduce((t, b) => t | (1n << BigInt(b)), 0n)
      .toString(16)
      .padStart(64, '0')}`;
  const req = requestRow({
    tag: tag([2]),
    workerpool: '1',
    volume: '4',
    params: JSON.stringify({ requirements: 'memoryMb >= 4096 && gpu' }),
  });
  const pools = [
    offer('workerpool', { workerpool: '1', tag: tag([0]) }), // lacks bit 2
    offer('workerpool', { workerpool: '2', tag: tag([2]) }), // not the named pool
    offer('workerpool', { workerpool: '1', tag: tag([2]), requesterRestrict: '0x000000000000000000000000000000000000dead' }),
  ];
  const apps = [offer('app', { price: String(PGT), workerpoolRestrict: '2' }), offer('app', { price: String(PGT), tag: tag([5]) })];
  const e = explain(
    req,
    { apps, datasets: [], pools },
    {
      ...facts,
      allowRequesters: ['0x000000000000000000000000000000000000beef'],
      balance: 3n * PGT,
      workers: [
        { memoryMb: 2048, gpu: false },
        { memoryMb: 8192, gpu: false },
      ],
    },
  );
  const clause = (kind: string, name: string) => e.clauses.find((c) => c.kind === kind && c.clause === name);
  assert.deepEqual(clause('workerpool', 'tag'), { kind: 'workerpool', clause: 'tag', failing: 1, of: 3, fix: 'drop tag bit 2' });
  assert.equal(clause('workerpool', 'workerpool')?.failing, 1);
  assert.equal(clause('workerpool', 'otherPool')?.failing, 1, "pool 2's order is its own scheduler's to match");
  assert.equal(clause('workerpool', 'requesterRestrict')?.failing, 1);
  assert.equal(clause('workerpool', 'privatePool')?.failing, 2);
  assert.equal(clause('app', 'workerpoolRestrict')?.failing, 1);
  assert.equal(clause('app', 'tag')?.failing, 1);
  assert.equal(clause('request', 'funds')?.fix, 'deposit 1 PGT more (needs 4 PGT for 4 tasks, has 3 PGT)');
  assert.deepEqual(clause('workers', 'requirement gpu'), { kind: 'workers', clause: 'requirement gpu', failing: 2, of: 2 });
  assert.equal(clause('workers', 'requirement memoryMb >= 4096')?.failing, 1);
  assert.equal(e.matchable, false);
});

test('a request that can be matched says so', () => {
  const e = explain(requestRow(), { apps: [offer('app')], datasets: [], pools: [offer('workerpool')] }, { ...facts, balance: 0n });
  assert.equal(e.matchable, true);
  assert.deepEqual(e.clauses, []);
  assert.match(e.summary, /can be matched/);
});
