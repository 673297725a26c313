// Task inputs passed only to the deal's workers (C3, issue 14; decision 018), over real processes:
// requestRun({ privateInputs: true }) stores the task list and the input files private; the two
// real worker processes fetch them with their bearer tokens while they lease the deal, and the run
// completes with the right results; an anonymous reader is told BlobNotFound for both, before and
// after the run. On the code before, the uploads were public and the anonymous reads answered 200.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Hex, sha256 } from 'viem';
import { fetchResults, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { parseRequestParams } from '@proofgrid/sdk/api';
import { PRICE, mcTasks, setupMarket } from '@proofgrid/testkit';
import { type Stack, startStack } from '@proofgrid/testkit';

describe('private task inputs (anvil + scheduler + 2 worker processes)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 2 });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  test('a run with privateInputs completes; its task list and input files are refused to anyone else', async () => {
    const { requester, app } = ctx;
    // Every task carries an input file (the montecarlo app ignores it, but the workers must fetch it
    // to run the task: a worker refused the file would fail the lease and the deal would not complete).
    const tasks = mcTasks(4).map((t, i) => ({ ...t, files: { 'in.txt': new TextEncoder().encode(`private input ${i}\n`) } }));
    const inputs = tasks.map((t) => sha256(t.files['in.txt']));
    const { requestHash, resultKey } = await requestRun(requester, stack.market, {
      app,
      tasks,
      privateInputs: true,
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const { order } = await stack.market.getOrder(requestHash);
    const tasksHash = parseRequestParams((order as { params: string }).params).tasks as Hex;
    assert.ok(tasksHash, 'the public params name the task list (its content stays hidden)');
    const anonymous = async (when: string) => {
      for (const h of [tasksHash, ...inputs]) {
        await assert.rejects(stack.market.getBlob(h), { code: 'BlobNotFound', status: 404 }, `${when}: GET ${h}`);
        await assert.rejects(stack.market.getBlobs([h]), { code: 'BlobNotFound', status: 404 }, `${when}: fetch ${h}`);
      }
    };
    await anonymous('before the run');
    const dealId = await waitForDeal(stack.market, requestHash);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    const results = await fetchResults(requester, stack.market, deal, { resultKey });
    assert.equal(results.length, 4);
    for (const r of results) {
      const out = JSON.parse(new TextDecoder().decode(r.stdout));
      assert.equal(out.samples, 2000);
      assert.ok(out.estimate > 5 && out.estimate < 16, `estimate ${out.estimate}`);
    }
    await anonymous('after the run');
  });
});
