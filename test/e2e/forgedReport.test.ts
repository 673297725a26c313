// Issue 14, defect 4 (docs/decisions/015-reports-checked-on-chain.md): a worker's report that it
// pushed a batch's result is believed only when the chain shows the push. Real processes: anvil, the
// scheduler, one honest worker daemon; the forger is this test process, registered as a worker with
// its own key through the worker's session (real signature, whatever the registration flow) and
// speaking the worker protocol. It leases a trust-1 batch, reports junk results, then reports the
// batch pushed: with a made-up transaction hash (not believed: the lease goes back to the pool at
// its TTL), or with a real transaction of its own that pushed nothing (refused at once). Each time
// the forger gets no more of the deal, the honest worker finishes the batch, and the deal completes
// without a claim on the pool's stake. Before the fix both reports were answered {ok: true} and the
// batch sat `done` until the deal's deadline.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { buildResultTree, deposit, getBatchResult, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { type Lease, type WorkerProtocolClient, createWorkerProtocolClient } from '@proofgrid/sdk/protocol';
import { PRICE, type Stack, events, setupMarket, startStack } from '@proofgrid/testkit';
import pino from 'pino';
import { createSession } from '../../packages/worker/src/session.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TTL = 2000;

describe('a lease reported pushed with a transaction the chain does not bear out (anvil + scheduler + worker process + forger)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  let forger: WorkerProtocolClient;
  let forgerAddress: string;
  before(async () => {
    stack = await startStack({ workers: 1, leaseTtlMs: TTL, schedulerArgs: ['--max-batch', '1'] });
    ctx = await setupMarket(stack);
    const account = privateKeyToAccount(stack.accounts.spare[0]!.privateKey);
    forgerAddress = account.address.toLowerCase();
    forger = createWorkerProtocolClient({ baseUrl: stack.scheduler.url });
    const session = createSession({
      account,
      scheduler: forger,
      resources: { cpus: 1, memoryMb: 1024, diskGb: 1, gpus: 0, tee: false, region: 'local' },
      name: 'forger',
      log: pino({ level: 'silent' }),
    });
    await session.register();
  });
  after(async () => stack?.stop());

  /** The honest worker out of the way (killed), until the scheduler counts it lost. */
  async function holdHonestWorker() {
    await stack.workers[0]!.kill('SIGKILL');
    const honest = stack.accounts.workers[0]!.address.toLowerCase();
    for (let i = 0; i < 100; i++) {
      const w = (await stack.market.listWorkers()).find((x) => x.address.toLowerCase() === honest);
      if (w?.status !== 'online') return;
      await sleep(100);
    }
    throw new Error('the honest worker is still online');
  }

  /** A one-task trust-1 deal, and the forger's lease of its batch. */
  async function dealLeasedToForger() {
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: [{ args: ['100', '100', '0.05', '0.2', '1', '2000', String(1 + Math.floor(Math.random() * 1000)), 'call'] }],
      trust: 1,
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    for (let i = 0; i < 30; i++) {
      const { lease } = await forger.nextLease({ waitMs: 1000 });
      if (lease) {
        assert.equal(lease.dealId.toLowerCase(), dealId.toLowerCase(), 'the lease is of the new deal');
        assert.equal(lease.trust, 1);
        return { dealId, lease };
      }
    }
    throw new Error('the forger was never leased the batch');
  }

  /** Junk results, uploaded and reported like a worker's: one blob per task, their Merkle root. */
  async function reportJunk(lease: Lease) {
    const digests = await forger.putBlobs(lease.tasks.map(() => randomBytes(64)));
    await forger.reportResults(lease.leaseId, {
      digests,
      root: buildResultTree(lease.first, digests).root,
      usage: { maxRunTimeMs: 1, memoryPeakKb: 1 },
    });
  }

  /** The forger's lease status on the deal's batch, as the deal view shows it. */
  async function forgerStatus(dealId: Hex) {
    const deal = await stack.market.getDealSummary(dealId);
    return deal.batches[0]!.workers.find((w) => w.address.toLowerCase() === forgerAddress)?.status;
  }

  /** The forger is refused the deal's pending batch; the honest worker comes back and finishes it; nobody claims. */
  async function honestFinishes(dealId: Hex) {
    const refused = await forger.nextLease({ waitMs: 0 });
    assert.equal(refused.lease, null, 'the forger gets no more leases of the deal');
    assert.match(refused.reason ?? '', /did not bear out/);
    await stack.restartWorker(0);
    const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 60_000 });
    assert.equal(deal.status, 'completed');
    const outcome = await getBatchResult(ctx.requester, deal.batches[0]!.batchId);
    assert.equal(outcome.outcome, 'result', `the chain says ${outcome.status} / ${outcome.outcome}`);
    const honest = stack.accounts.workers[0]!.address.toLowerCase();
    assert.deepEqual(
      deal.batches[0]!.workers.map((w) => [w.address.toLowerCase(), w.status]).sort(),
      [
        [forgerAddress, 'forged'],
        [honest, 'done'],
      ].sort(),
    );
    const claims = (await events(ctx.requester, 'TasksClaimed')).filter((e) => e.args.dealId === dealId);
    assert.equal(claims.length, 0, "no claim on the pool's stake");
  }

  test('a made-up transaction hash: not believed; at the TTL the batch goes back and the forger is refused the deal', async () => {
    await holdHonestWorker();
    const { dealId, lease } = await dealLeasedToForger();
    await reportJunk(lease);
    const madeUp = `0x${randomBytes(32).toString('hex')}` as Hex;
    assert.deepEqual(await forger.reportDone(lease.leaseId, { phase: 'pushed', tx: madeUp }), { ok: true }, 'answered (it may be pending)');
    assert.equal(await forgerStatus(dealId), 'pushUnverified', 'not believed');
    let status: string | undefined;
    for (let i = 0; i < 100 && status !== 'forged'; i++) {
      await sleep(100);
      status = await forgerStatus(dealId);
    }
    assert.equal(status, 'forged', 'the report was not borne out by the TTL');
    assert.equal((await stack.market.getDealSummary(dealId)).batches[0]!.status, 'pending', 'the batch is back in the pool');
    await honestFinishes(dealId);
  });

  test("a real transaction of the forger's that pushed nothing: refused at once with LeaseReportForged", async () => {
    await holdHonestWorker();
    const { dealId, lease } = await dealLeasedToForger();
    await reportJunk(lease);
    // A transaction the forger really sent to the hub, and mined: a deposit.
    const forgerClient = stack.clientOf(stack.accounts.spare[0]!);
    await deposit(forgerClient, { amount: 1n });
    const tx = await lastTxOf(forgerClient);
    const receipt = await forgerClient.public.getTransactionReceipt({ hash: tx });
    assert.equal(receipt.status, 'success');
    assert.equal(receipt.to?.toLowerCase(), stack.deployment.hub.toLowerCase(), 'a transaction to the hub');
    await assert.rejects(forger.reportDone(lease.leaseId, { phase: 'pushed', tx }), (err: { code?: string; status?: number }) => {
      assert.equal(err.code, 'LeaseReportForged');
      assert.equal(err.status, 422);
      return true;
    });
    assert.equal(await forgerStatus(dealId), 'forged', 'the lease went back at once');
    await honestFinishes(dealId);
  });
});

/** The hash of the latest transaction `client`'s account sent (looked up in the last blocks). */
async function lastTxOf(client: ReturnType<Stack['clientOf']>): Promise<Hex> {
  const from = client.account!.address.toLowerCase();
  const head = await client.public.getBlockNumber({ cacheTime: 0 }); // not a block number cached from before the transaction
  for (let n = head; n >= 0n && n > head - 20n; n--) {
    const block = await client.public.getBlock({ blockNumber: n, includeTransactions: true });
    const tx = block.transactions.find((t) => t.from.toLowerCase() === from);
    if (tx) return tx.hash;
  }
  throw new Error('no transaction of the forger found');
}
