// Issue 16's colluding scheduler at trust 1,000 on a devnet (rollback window 600 s), shared by the verifier's batch
// tests: ten fresh workers of the scheduler's own, authorized alone on a one-task batch of the ml app, all committing
// and revealing the same `root`; the batch is finalized. The caller picks the lie behind `root`.
import assert from 'node:assert/strict';
import { type DevAccount, type Devnet, startDevnet } from '@proofgrid/devnet';
import {
  type DealKey,
  type ProofgridClient,
  authorizeWorker,
  contribute,
  createApp,
  createProofgridClient,
  createWorkerpool,
  deposit,
  finalize,
  getBatchStatus,
  matchOrders,
  requestTermsOf,
  reveal,
  signOrder,
} from '@proofgrid/sdk';
import { type Hex, keccak256, parseEther, toHex, zeroAddress, zeroHash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

export const COLLUDERS = 10;
export const price = parseEther('1');

export type ColludingBatch = {
  devnet: Devnet;
  key: DealKey;
  requester: ProofgridClient;
  verifier: ProofgridClient;
  workers: ProofgridClient[];
};

/** The finalized colluding batch whose agreed result root is `root`; `verifierDeposits` funds the verifier's escrow. */
export async function colludingBatch({
  root,
  verifierDeposits = false,
}: {
  root: Hex;
  verifierDeposits?: boolean;
}): Promise<ColludingBatch> {
  const devnet = await startDevnet({ accounts: 7 + COLLUDERS, rollbackWindow: 600n });
  const client = (a: DevAccount) => createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(a.privateKey) });
  const [, req, developer, verifierAccount, poolOwner, scheduler, , ...rest] = devnet.accounts as DevAccount[];
  const requester = client(req!);
  const verifier = client(verifierAccount!);
  const workers = rest.slice(0, COLLUDERS).map(client);
  const dev = client(developer!);
  const pool = client(poolOwner!);
  const { app } = await createApp(dev, { name: 'ml', uri: 'ml.wasm', moduleHash: keccak256(toHex('ml')) });
  const { workerpool } = await createWorkerpool(pool, {
    description: 'a colluding pool',
    scheduler: scheduler!.address,
    resources: { cpus: 2, memoryMb: 4096, diskGb: 10, gpus: 0, tee: false, region: 'local' },
  });
  const depositors = verifierDeposits ? [requester, pool, verifier, ...workers] : [requester, pool, ...workers];
  await Promise.all(depositors.map((c) => deposit(c, { amount: price * 100n })));
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
  const { key } = (await matchOrders(requester, { appOrder, workerpoolOrder, requestOrder })) as { key: DealKey };
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
  return { devnet, key, requester, verifier, workers };
}
