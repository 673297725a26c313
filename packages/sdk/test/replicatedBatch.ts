// Test fixture: a replicated deal (trust 1, a rollback window) matched on the devnet of `startOptimisticDeal` with the
// same app and pool, and its batch [0, count) pushed and finalized by worker0 with provable digests (decision 022
// point 3), so that a task of it can be challenged (`challengeBatch`) inside the window. Used by the SDK's and the
// CLI's batch-challenge tests.
import type { startOptimisticDeal } from '@proofgrid/testkit';
import { type Hex, keccak256, toHex, zeroAddress, zeroHash } from 'viem';
import {
  type DealKey,
  type ProvableClaim,
  authorizeWorker,
  buildResultTree,
  matchOrders,
  provableDigestOf,
  pushResult,
  requestTermsOf,
  signOrder,
} from '../src/index.ts';

type Deal = Awaited<ReturnType<typeof startOptimisticDeal>>;
let matched = 0;

/** Matches a replicated request of `outputs.length` tasks and pushes their batch; returns its key and digests. */
export async function pushReplicatedBatch(
  deal: Deal,
  o: { outputs: Hex[]; claims: ProvableClaim[]; rollbackWindow: bigint; price: bigint },
) {
  const { clients: c, devnet } = deal;
  const { chainId, hub } = devnet.deployment;
  const { price } = o;
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
  const count = o.outputs.length;
  const requestOrder = await signOrder(c.requester!.wallet!, {
    kind: 'request',
    chainId,
    hub,
    order: {
      app,
      appMaxPrice: price,
      dataset: 0n,
      datasetMaxPrice: 0n,
      workerpool,
      workerpoolMaxPrice: price,
      requester: c.requester!.account!.address,
      volume: BigInt(count),
      tag: zeroHash,
      category: 0n,
      trust: 1n,
      callback: zeroAddress,
      params: '{}',
      expiry: 0n,
      salt: keccak256(toHex(`replicated ${++matched}`)),
      ...requestTermsOf({ verification: 'replicated', rollbackWindow: o.rollbackWindow }),
    },
  });
  const { key } = (await matchOrders(c.requester!, { appOrder, workerpoolOrder, requestOrder })) as { key: DealKey };
  const digests = o.outputs.map((out, i) => provableDigestOf(out, o.claims[i]!));
  const authorization = await authorizeWorker(c.scheduler!.account!, { key, first: 0, count, worker: c.worker0!.account!.address });
  const { root } = buildResultTree(0, digests);
  await pushResult(c.worker0!, { key, first: 0, count, root, usage: { maxRunTimeMs: 1, memoryPeakKb: 1 }, authorization });
  return { key, digests, root };
}
