// Decision 015: a transaction a worker reports for its lease is judged by its receipt.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Hex, TransactionReceipt } from 'viem';
import type { ProofgridClient } from '@proofgrid/sdk';
import { BATCH, DEAL, FORGER, HUB, OTHER, ROOT, TX, WORKER, logOf, pushLogs, receipt, usage } from './receipts.fixture.ts';
import { checkReport, judgeReceipt } from './reportCheck.ts';

const lease = { batchId: BATCH, worker: WORKER, root: ROOT };

describe('judgeReceipt: what a receipt says of a reported transaction', () => {
  test("a push by the lease's worker, to the hub, of the reported root: confirmed", () => {
    assert.deepEqual(judgeReceipt(receipt(), HUB, lease, 'pushed'), { kind: 'confirmed', root: ROOT });
  });
  test('a push reported before any results: the root on chain is taken as it is', () => {
    assert.deepEqual(judgeReceipt(receipt(), HUB, { ...lease, root: null }, 'pushed'), { kind: 'confirmed', root: ROOT });
  });
  const contradicted: [string, TransactionReceipt, RegExp][] = [
    ['reverted', receipt({ status: 'reverted', logs: [] }), /reverted/],
    ['sent to another contract', receipt({ to: OTHER }), /not the hub/],
    ['a contract creation', receipt({ to: null }), /no contract/],
    ['sent by another address', receipt({ from: FORGER }), /not by the lease's worker/],
    ['a hub transaction of the worker that pushed nothing (a deposit)', receipt({ logs: [] }), /pushed no result/],
    ['a push of another batch', receipt({ logs: pushLogs(WORKER, ROOT, `0x${'33'.repeat(32)}`) }), /pushed no result/],
    ['a push of another root', receipt({ logs: pushLogs(WORKER, `0x${'ef'.repeat(32)}`) }), /not the reported/],
    ['the events emitted by another contract', receipt({ logs: pushLogs(WORKER, ROOT, BATCH, OTHER) }), /pushed no result/],
    ["another worker's reveal in the transaction", receipt({ logs: pushLogs(FORGER) }), /pushed no result/],
  ];
  for (const [what, r, reason] of contradicted) {
    test(`pushed, ${what}: contradicted`, () => {
      const v = judgeReceipt(r, HUB, lease, 'pushed');
      assert.equal(v.kind, 'contradicted');
      assert.match((v as { reason: string }).reason, reason);
    });
  }
  test("contributed: the worker's BatchContributed for the batch, and nothing else, confirms", () => {
    const contributed = logOf('BatchContributed', {
      batchId: BATCH,
      dealId: DEAL,
      worker: WORKER,
      first: 0,
      count: 2,
      resultHash: `0x${'99'.repeat(32)}`,
      weight: 1,
    });
    assert.equal(judgeReceipt(receipt({ logs: [contributed] }), HUB, lease, 'contributed').kind, 'confirmed');
    assert.equal(judgeReceipt(receipt(), HUB, lease, 'contributed').kind, 'contradicted');
  });
  test("revealed: the worker's BatchRevealed of the reported root confirms; another root contradicts", () => {
    const revealed = (root: Hex) =>
      receipt({ logs: [logOf('BatchRevealed', { batchId: BATCH, worker: WORKER, resultRoot: root, usage })] });
    assert.equal(judgeReceipt(revealed(ROOT), HUB, lease, 'revealed').kind, 'confirmed');
    assert.match((judgeReceipt(revealed(`0x${'01'.repeat(32)}`), HUB, lease, 'revealed') as { reason: string }).reason, /not the reported/);
  });
});

describe("judgeReceipt: an optimistic task's answer is its push", () => {
  const task = { ...lease, task: { dealId: DEAL, index: 3 } };
  const answered = (answerer: Hex, index = 3, dealId: Hex = DEAL) =>
    receipt({
      logs: [
        logOf('TaskAnswered', {
          taskId: `0x${'44'.repeat(32)}`,
          dealId,
          answerer,
          index,
          digest: `0x${'55'.repeat(32)}`,
          outputDigest: `0x${'66'.repeat(32)}`,
          claim: { startRoot: ROOT, steps: 10n, endRoot: ROOT },
          windowEnd: 100,
          deposit: 1n,
        }),
      ],
    });
  test("the worker's TaskAnswered for the lease's task confirms", () => {
    assert.equal(judgeReceipt(answered(WORKER), HUB, task, 'pushed').kind, 'confirmed');
  });
  test('another answerer, another task or another deal contradicts; a BatchFinalized push does not count', () => {
    for (const r of [answered(FORGER), answered(WORKER, 4), answered(WORKER, 3, `0x${'77'.repeat(32)}`), receipt()])
      assert.match((judgeReceipt(r, HUB, task, 'pushed') as { reason: string }).reason, /answered no task 3/);
  });
});

describe('checkReport: one receipt read, a bounded wait for one not found', () => {
  const notFound = Object.assign(new Error('Transaction receipt with hash "0x.." could not be found.'), {
    name: 'TransactionReceiptNotFoundError',
  });
  const clientOf = (answers: (() => TransactionReceipt)[]) => {
    let reads = 0;
    const client = {
      deployment: { hub: HUB },
      public: {
        getTransactionReceipt: async () => {
          const next = answers[Math.min(reads++, answers.length - 1)] as () => TransactionReceipt;
          return next();
        },
      },
    } as unknown as ProofgridClient;
    return { client, reads: () => reads };
  };
  test('a mined transaction: judged after a single read', async () => {
    const c = clientOf([() => receipt()]);
    assert.equal((await checkReport(c.client, lease, 'pushed', TX, { waitMs: 1000 })).kind, 'confirmed');
    assert.equal(c.reads(), 1);
  });
  test('not found at first, mined a moment later: confirmed within the wait', async () => {
    const c = clientOf([
      () => {
        throw notFound;
      },
      () => receipt(),
    ]);
    assert.equal((await checkReport(c.client, lease, 'pushed', TX, { waitMs: 1000, pollMs: 10 })).kind, 'confirmed');
    assert.equal(c.reads(), 2);
  });
  test('never found: unseen after the bounded wait', async () => {
    const c = clientOf([
      () => {
        throw notFound;
      },
    ]);
    const t0 = Date.now();
    const v = await checkReport(c.client, lease, 'pushed', TX, { waitMs: 200, pollMs: 50 });
    assert.equal(v.kind, 'unseen');
    assert.ok(Date.now() - t0 < 1000, 'the wait is bounded');
    assert.ok(c.reads() >= 2 && c.reads() <= 6);
  });
  test('the chain unreadable: unreadable (nobody is blamed), at once', async () => {
    const c = clientOf([
      () => {
        throw new Error('fetch failed');
      },
    ]);
    assert.equal((await checkReport(c.client, lease, 'pushed', TX, { waitMs: 1000 })).kind, 'unreadable');
    assert.equal(c.reads(), 1);
  });
});
