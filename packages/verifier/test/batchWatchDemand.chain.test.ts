// The verifier's batch watch following its own start demand (decision 030 point 5, H13) on a devnet: issue 16's
// colluding setup (ten fresh workers at trust 1,000), whose leaf claims the true run's output and steps from a made-up
// start root. The watch's verdict is a start demand (demandBatchStart); nobody proves the start (no scheduler here),
// so once the dispute clock has run (evm_increaseTime) the watch resolves it (resolveBatchStartDemand): overturned.
// The scheduler's side (proveBatchStart of an honest batch) is packages/scheduler/src/chain/batchDefence.test.ts and
// test/e2e/batchDisputes.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DevAccount, type Devnet, startDevnet } from '@proofgrid/devnet';
import {
  type DealKey,
  type ProofgridClient,
  authorizeWorker,
  buildResultTree,
  contribute,
  createApp,
  createProofgridClient,
  createWorkerpool,
  deposit,
  finalize,
  getBatchStatus,
  matchOrders,
  provableDigestOf,
  requestTermsOf,
  reveal,
  signOrder,
} from '@proofgrid/sdk';
import { type Hex, keccak256, parseEther, toHex, zeroAddress, zeroHash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { honestTrace } from '../../sdk/test/finishedGame.ts';
import { type BatchDealView, createBatchWatch } from '../src/batchWatch.ts';
import type { HonestRun } from '../src/reexecute.ts';

const COLLUDERS = 10;
const CLOCK = 3600; // the devnet's dispute clock (decision 026)
const price = parseEther('1');

describe("the verifier's batch watch demands a made-up start and, unanswered, overturns the batch", () => {
  let devnet: Devnet;
  let key: DealKey;
  let requester: ProofgridClient;
  let verifier: ProofgridClient;
  let workers: ProofgridClient[];
  const trace = honestTrace();
  const honest = { claim: trace.end(), outputDigest: trace.output().commitment };
  // A made-up start: the true run's output and steps under a start root that is no initial state of the app.
  const lie = { outputDigest: honest.outputDigest, claim: { ...honest.claim, startRoot: keccak256(toHex('a made-up start')) } };
  const digests = [provableDigestOf(lie.outputDigest, lie.claim)];
  const { root } = buildResultTree(0, digests);

  before(async () => {
    devnet = await startDevnet({ accounts: 7 + COLLUDERS, rollbackWindow: 600n });
    const client = (a: DevAccount) => createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(a.privateKey) });
    const [, req, developer, verifierAccount, poolOwner, scheduler, , ...rest] = devnet.accounts as DevAccount[];
    requester = client(req!);
    verifier = client(verifierAccount!);
    workers = rest.slice(0, COLLUDERS).map(client);
    const dev = client(developer!);
    const pool = client(poolOwner!);
    const { app } = await createApp(dev, { name: 'ml', uri: 'ml.wasm', moduleHash: keccak256(toHex('ml')) });
    const { workerpool } = await createWorkerpool(pool, {
      description: 'a colluding pool',
      scheduler: scheduler!.address,
      resources: { cpus: 2, memoryMb: 4096, diskGb: 10, gpus: 0, tee: false, region: 'local' },
    });
    await Promise.all([requester, pool, verifier, ...workers].map((c) => deposit(c, { amount: price * 100n })));
    const { chainId, hub } = devnet.deployment;
    const common = { volume: 10n, tag: zeroHash, requesterRestrict: zeroAddress, expiry: 0n, salt: zeroHash };
    const appOrder = await signOrder(dev.wallet!, {
      kind: 'app',
      chainId,
      hub,
      order: { app, price, datasetRestrict: 0n, workerpoolRestrict: 0n, ...common },
    });
    const workerpoolOrder = await signOrder(pool.wallet!, {
      kind: 'workerpool',
      chainId,
      hub,
      order: { workerpool, price, category: 0n, trust: 1000n, appRestrict: 0n, datasetRestrict: 0n, ...common },
    });
    const requestOrder = await signOrder(requester.wallet!, {
      kind: 'request',
      chainId,
      hub,
      order: {
        ...{ app, appMaxPrice: price, dataset: 0n, datasetMaxPrice: 0n, workerpool, workerpoolMaxPrice: price },
        ...{ requester: req!.address, volume: 1n, tag: zeroHash, category: 0n, trust: 1000n, callback: zeroAddress },
        ...{ params: '{}', expiry: 0n, salt: keccak256(toHex('colluding')) },
        ...requestTermsOf({ verification: 'replicated' }), // rollback window 0: the hub's (600 s)
      },
    });
    ({ key } = (await matchOrders(requester, { appOrder, workerpoolOrder, requestOrder })) as { key: DealKey });
    // The scheduler authorizes only its own workers; every one commits the same wrong root, reveals it.
    const schedulerAccount = privateKeyToAccount(scheduler!.privateKey);
    const salts: Hex[] = [];
    for (const w of workers) {
      const authorization = await authorizeWorker(schedulerAccount, { key, first: 0, count: 1, worker: w.account!.address });
      salts.push((await contribute(w, { key, first: 0, count: 1, root, authorization })).salt);
    }
    assert.equal(await getBatchStatus(requester, { key, first: 0, count: 1 }), 'Revealing', 'trust 1,000 reached by the ten');
    const usage = { maxRunTimeMs: 1, memoryPeakKb: 1 };
    for (const [i, w] of workers.entries()) await reveal(w, { key, first: 0, count: 1, root, salt: salts[i]!, usage });
    await finalize(requester, { key, first: 0, count: 1 });
  });
  after(async () => devnet?.stop());

  const preimage = { outputDigest: lie.outputDigest, claim: { ...lie.claim, steps: lie.claim.steps.toString() } };

  test('the demand stays open until the clock has run, then the watch resolves it: overturned', async () => {
    const watch = createBatchWatch({
      client: verifier,
      secret: keccak256(toHex('verifier secret')),
      fraction: 1,
      honestRun: async () => ({ ...honest, trace }) as HonestRun,
      dealView: async () => ({ tasks: [{ index: 0, digest: digests[0], leaf: preimage }] }) as BatchDealView,
      log: (level, msg, f) => level === 'error' && console.error(msg, f),
    });
    const [outcome] = await watch.scan();
    assert.equal(outcome?.action?.kind, 'demanded');
    assert.deepEqual(await watch.followDemands(), [], 'the clock has not run');
    assert.equal(await getBatchStatus(requester, { key, first: 0, count: 1 }), 'Finalized');
    await requester.public.request({ method: 'evm_increaseTime', params: [CLOCK + 1] } as never);
    await requester.public.request({ method: 'evm_mine', params: [] } as never);
    const ended = await watch.followDemands();
    assert.deepEqual(
      ended.map((e) => e.outcome),
      ['overturned'],
    );
    assert.equal(await getBatchStatus(requester, { key, first: 0, count: 1 }), 'Overturned');
  });
});
