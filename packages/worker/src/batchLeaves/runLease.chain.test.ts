// The worker's provable path on a devnet (H10, decision 030): a lease of a replicated deal with a rollback window on an
// app whose image is registered, run by the real lease runner with `provableBatches`: each task runs in the sandbox and
// on the provable machine, the reported digests are the tasks' provable leaves (provableDigestOf of the honest run's
// output commitment and claim, as the verifier computes it), and both the sandbox's result blob and the provable
// result blob are uploaded. Without `provableBatches` (today's default) the same lease reports the result blobs' digests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Trace, encodeProvableResult } from '@proofgrid/disputes';
import {
  type DealKey,
  batchIdOf,
  buildResultTree,
  dealIdOf,
  matchOrders,
  provableDigestOf,
  requestTermsOf,
  resultDigestOf,
  signOrder,
  taskSpecOf,
} from '@proofgrid/sdk';
import { parseRequestParams } from '@proofgrid/sdk/api';
import type { Lease, WorkerProtocolClient } from '@proofgrid/sdk/protocol';
import { OPTIMISTIC_PRICE, startOptimisticDeal } from '@proofgrid/testkit';
import { keccak256, sha256, toHex, zeroAddress, zeroHash } from 'viem';
import { loadModule } from '../../../../examples/index.ts';
import { type BatchResult, createLeaseRunner } from '../runLease.ts';
import { honest } from '../resultStrategy.ts';
import { createSandboxPool } from '../sandbox/index.ts';

const ARGS = ['100', '100', '0.05', '0.2', '1', '2000', '7', 'call'];

describe('a disputable replicated batch commits provable leaves', () => {
  let deal: Awaited<ReturnType<typeof startOptimisticDeal>>;
  const wasm = loadModule('montecarlo');
  const moduleHash = sha256(wasm);
  const pool = createSandboxPool({ size: 1 });
  let lease: Lease;

  before(async () => {
    deal = await startOptimisticDeal({ volume: 1n, challengeWindow: 60n, app: { uri: 'blob:mc', moduleHash, wasm } });
    const { clients: c, devnet } = deal;
    const { chainId, hub } = devnet.deployment;
    const price = OPTIMISTIC_PRICE;
    const common = { volume: 10n, tag: zeroHash, requesterRestrict: zeroAddress, expiry: 0n, salt: zeroHash };
    const { app, workerpool } = deal.key;
    const appOrder = await signOrder(c.developer!.wallet!, {
      kind: 'app',
      chainId,
      hub,
      order: { app, price, datasetRestrict: 0n, workerpoolRestrict: 0n, ...common },
    });
    const workerpoolOrder = await signOrder(c.poolOwner!.wallet!, {
      kind: 'workerpool',
      chainId,
      hub,
      order: { workerpool, price, category: 0n, trust: 1n, appRestrict: 0n, datasetRestrict: 0n, ...common },
    });
    const params = JSON.stringify({ args: ARGS });
    const requestOrder = await signOrder(c.requester!.wallet!, {
      kind: 'request',
      chainId,
      hub,
      order: {
        ...{ app, appMaxPrice: price, dataset: 0n, datasetMaxPrice: 0n, workerpool, workerpoolMaxPrice: price },
        ...{ requester: c.requester!.account!.address, volume: 2n, tag: zeroHash, category: 0n, trust: 1n },
        ...{ callback: zeroAddress, params, expiry: 0n, salt: keccak256(toHex('h10 leaves')) },
        ...requestTermsOf({ verification: 'replicated', rollbackWindow: 600n }),
      },
    });
    const { key } = (await matchOrders(c.requester!, { appOrder, workerpoolOrder, requestOrder })) as { key: DealKey };
    const dealId = dealIdOf(key);
    const tasks = [0, 1].map((i) => taskSpecOf(dealId, parseRequestParams(params), undefined, i));
    lease = {
      ...{ leaseId: 1, dealId, batchId: batchIdOf(dealId, 0, 2), key, first: 0, count: 2, trust: 1 },
      app: { uri: 'blob:mc', moduleHash, memoryMb: 64 },
      limits: { memoryMb: 64, timeoutMs: 20_000, maxOutputBytes: 1 << 20 },
      tasks: tasks.map((t) => ({ index: t.index, taskId: t.taskId, seed: t.seed, args: t.args, files: t.files })),
      authorization: '0x',
      expiresAt: Date.now() + 60_000,
    } as Lease;
  });
  after(async () => {
    await pool.close();
    await deal?.devnet.stop();
  });

  /** The runner with a scheduler that keeps what it is sent (blobs by sha256, the report). */
  function runner(provableBatches: boolean) {
    const stored = new Map<string, Uint8Array>();
    const reports: unknown[] = [];
    const scheduler = {
      putBlobs: async (blobs: Uint8Array[]) =>
        blobs.map((b) => {
          const h = sha256(b);
          stored.set(h, b);
          return h;
        }),
      reportResults: async (_id: number, body: unknown) => {
        reports.push(body);
        return { ok: true };
      },
    } as unknown as WorkerProtocolClient;
    const cache = { get: async () => wasm } as never;
    const run = createLeaseRunner({
      ...{ account: deal.clients.worker0!.account as never, client: deal.clients.worker0!, scheduler, cache, pool },
      ...{ attestation: {} as never, stats: { tasks: 0, datasetKeys: 0 }, provableBatches },
    });
    return { run: (l: Lease): Promise<BatchResult> => run.run(l, honest), stored, reports };
  }

  test("with provableBatches: the leaves are the honest runs' provable digests, beside the sandbox's result blobs", async () => {
    // Today's default first: the result blobs' digests are reported.
    const plain = runner(false);
    const before = await plain.run(lease);
    assert.deepEqual(new Set(before.digests), new Set(plain.stored.keys()), 'the result blobs, reported by their digests');

    const r = runner(true);
    const result = await r.run(lease);
    const expected = lease.tasks.map((t) => {
      const trace = new Trace({
        module: wasm,
        args: t.args,
        files: {},
        seed: t.seed,
        env: { TASK_INDEX: String(t.index) },
        limits: { memoryMb: 64, maxOutputBytes: 1 << 20 },
      });
      const claim = trace.end();
      const output = trace.output();
      const blob = encodeProvableResult(output.result);
      const preimage = { outputDigest: output.commitment, claim: { ...claim, steps: claim.steps.toString() } };
      return { leaf: provableDigestOf(output.commitment, claim), blob, report: { blob: resultDigestOf(blob), ...preimage } };
    });
    assert.deepEqual(
      result.digests,
      expected.map((e) => e.leaf),
    );
    assert.equal(result.root, buildResultTree(0, result.digests).root);
    // Decision 030 point 6: beside each leaf, its result blob's sha256 and its pre-image (what the scheduler checks).
    const provable = expected.map((e) => e.report);
    assert.deepEqual(r.reports, [{ digests: result.digests, root: result.root, usage: result.usage, provable }]);
    const uploaded = new Set([...before.digests, ...expected.map((e) => resultDigestOf(e.blob))]);
    assert.deepEqual(new Set(r.stored.keys()), uploaded, "the sandbox's result blobs and the provable result blobs");
  });
});
