// The sabotage simulator's consensus rule (bench/sabotage/consensus.ts) is the contract's:
// 1. unit checks of the port against the figures of docs/protocol.md §9;
// 2. replicated batches on a real devnet through the SDK, asserting after every contribution that the
//    chain's batchStatus equals the simulator's, that the finalized root is the simulator's choice, that
//    the weight the hub uses (weightOf) is the simulator's, and that scores after settlement agree.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Batch, MAX_CONTRIBUTORS, predict, reached, weight } from './consensus.ts';
import { type Answer, type BatchRecord, Market, type Step } from './chain.ts';
import { seededRandom } from '@proofgrid/testkit';

/** The smallest number of agreeing workers of weight w that reach trust T with no dissent. */
function needed(trust: bigint, w: bigint): number {
  const b = new Batch<string>(trust);
  for (let i = 0; i < MAX_CONTRIBUTORS; i++) if (b.contribute(i, 'r', w)) return i + 1;
  return Number.POSITIVE_INFINITY;
}

describe('consensus port: figures of docs/protocol.md §9', () => {
  it('weight(score) = min(2 + score/4, 8)', () => {
    assert.deepEqual([0n, 3n, 4n, 11n, 12n, 23n, 24n, 1000n].map(weight), [2n, 2n, 3n, 4n, 5n, 7n, 8n, 8n]);
  });
  it('agreeing workers needed, fresh (w = 2) and capped (w = 8)', () => {
    const trusts = [2n, 5n, 8n, 9n, 100n, 1000n, 1_000_000n];
    assert.deepEqual(
      trusts.map((t) => needed(t, 2n)),
      [1, 3, 3, 4, 7, 10, 20],
    );
    assert.deepEqual(
      trusts.map((t) => needed(t, 8n)),
      [1, 1, 1, 2, 3, 4, 7],
    );
  });
  it('trust 5 with one fresh dissenter needs 4 agreeing fresh workers (G > 3·4)', () => {
    const { statuses, chosen } = predict(5n, [
      { worker: 0, hash: 'x', weight: 2n },
      ...[1, 2, 3, 4].map((worker) => ({ worker, hash: 'r', weight: 2n })),
    ]);
    assert.deepEqual(statuses, ['Active', 'Active', 'Active', 'Active', 'Revealing']);
    assert.equal(chosen, 'r');
  });
  it('trust <= 1 accepts the first contribution; an empty group never', () => {
    assert.equal(reached(2n, 2n, 1n), true);
    assert.equal(reached(0n, 0n, 1n), false);
  });
});

describe('consensus port vs the contract on a devnet', { timeout: 180_000 }, () => {
  let market: Market;
  const records: BatchRecord[] = [];
  const steps = (list: [number, Answer][]): Step[] => list.map(([worker, answer]) => ({ worker, answer }));
  const check = (rec: BatchRecord) => {
    records.push(rec);
    assert.ok(rec.agree, `batch ${rec.first}: ${JSON.stringify(rec, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    for (const s of rec.steps) assert.equal(s.chain, s.sim);
    assert.equal(rec.chainRoot, rec.simRoot);
  };

  before(async () => {
    market = await Market.start(MAX_CONTRIBUTORS + 1);
  });
  after(async () => {
    await market?.stop();
  });

  it('trust 3: agreement, a swap to a later group, colluders winning, reputation, a lone heavy worker', async () => {
    const key = await market.deal(3, 10, 'trust 3');
    let rec = await market.runBatch(
      key,
      0,
      steps([
        [0, 'ok'],
        [1, 'ok'],
      ]),
    );
    check(rec);
    assert.deepEqual(
      rec.steps.map((s) => s.chain),
      ['Active', 'Revealing'],
    );
    assert.equal(rec.chainAnswer, 'ok');
    // A wrong value leads; three fresh honest votes overtake it (8·3 > 11·2): the lead swaps.
    rec = await market.runBatch(
      key,
      1,
      steps([
        [2, 'bad'],
        [3, 'ok'],
        [4, 'ok'],
        [5, 'ok'],
      ]),
    );
    check(rec);
    assert.deepEqual(
      rec.steps.map((s) => s.chain),
      ['Active', 'Active', 'Active', 'Revealing'],
    );
    assert.equal(rec.chainAnswer, 'ok');
    // Two colluders first: 4·3 > 5·2, the wrong value is accepted.
    rec = await market.runBatch(
      key,
      2,
      steps([
        [6, 'bad'],
        [7, 'bad'],
        [8, 'ok'],
      ]),
    );
    check(rec);
    assert.deepEqual(
      rec.steps.map((s) => s.chain),
      ['Active', 'Revealing'],
    );
    assert.equal(rec.chainAnswer, 'bad');
    // Workers 0 and 1 reach score 4 (weight 3) after three more replicated batches ...
    for (const first of [3, 4, 5])
      check(
        await market.runBatch(
          key,
          first,
          steps([
            [0, 'ok'],
            [1, 'ok'],
          ]),
        ),
      );
    assert.equal(await market.chainScore(0), 4n);
    assert.equal(await market.chainWeight(0), 3n);
    // ... and then one of them alone meets trust 3 (3·3 > 4·2); unreplicated, its score does not move.
    rec = await market.runBatch(
      key,
      6,
      steps([
        [0, 'ok'],
        [1, 'ok'],
      ]),
    );
    check(rec);
    assert.deepEqual(
      rec.steps.map((s) => s.chain),
      ['Revealing'],
    );
    assert.equal(await market.chainScore(0), 4n);
    // A colluder with score 1 (weight 2) against two weight-3 workers: 9·3 > 12·2 at the second.
    rec = await market.runBatch(
      key,
      7,
      steps([
        [6, 'bad'],
        [0, 'ok'],
        [1, 'ok'],
      ]),
    );
    check(rec);
    assert.deepEqual(
      rec.steps.map((s) => s.chain),
      ['Active', 'Active', 'Revealing'],
    );
    assert.equal(await market.chainScore(6), 0n); // the wrong contributor is reset
  });

  it('trust 5: one dissenter needs four agreeing fresh workers; a contribution after consensus reverts', async () => {
    const key = await market.deal(5, 2, 'trust 5');
    const rec = await market.runBatch(
      key,
      0,
      steps([
        [10, 'ok'],
        [11, 'own'],
        [12, 'ok'],
        [13, 'ok'],
        [14, 'ok'],
        [15, 'ok'],
      ]),
      { tryPast: true },
    );
    check(rec);
    assert.deepEqual(
      rec.steps.map((s) => s.chain),
      ['Active', 'Active', 'Active', 'Active', 'Revealing'],
    );
    assert.equal(rec.refused, 'BatchUnexpectedStatus');
  });

  it(`trust 10: an even split never agrees and contribution ${MAX_CONTRIBUTORS + 1} reverts`, async () => {
    const key = await market.deal(10, 1, 'cap');
    const order = Array.from({ length: MAX_CONTRIBUTORS + 1 }, (_, i) => i);
    const rec = await market.runBatch(
      key,
      0,
      order.map((worker, i) => ({ worker, answer: i % 2 === 0 ? 'ok' : 'bad' })),
      { tryPast: true },
    );
    check(rec);
    assert.equal(rec.steps.length, MAX_CONTRIBUTORS);
    assert.ok(rec.steps.every((s) => s.chain === 'Active'));
    assert.equal(rec.chainRoot, undefined);
    assert.equal(rec.refused, 'BatchTooManyContributors');
  });

  it('random sequences (seeded): 30% colluders, some lone wrong values, trusts 2 to 100', async () => {
    const rnd = seededRandom(8);
    const trusts = [2, 3, 5, 10, 100];
    for (const [d, trust] of trusts.entries()) {
      const key = await market.deal(trust, 2, `random ${trust}`);
      for (let first = 0; first < 2; first++) {
        const order = Array.from({ length: MAX_CONTRIBUTORS + 1 }, (_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(rnd() * (i + 1));
          [order[i], order[j]] = [order[j] as number, order[i] as number];
        }
        const seq: Step[] = order.map((worker) => ({ worker, answer: worker % 10 < 3 ? 'bad' : worker === 20 ? 'own' : 'ok' }));
        check(await market.runBatch(key, first, seq));
      }
      void d;
    }
    const contributions = records.reduce((a, r) => a + r.steps.length, 0);
    assert.ok(records.length >= 5 && contributions >= 40, `${records.length} batches, ${contributions} contributions compared`);
  });
});
