import { type Explanation, getApp, getDataset, getEscrow, getWorkerpool } from '@proofgrid/sdk';
import type { Address } from 'viem';
import type { Ctx } from '../engine/context.ts';
import { ServiceError } from '../errors.ts';
import type { WorkerRow } from '../store/index.ts';
import type { Ad } from './classad.ts';
import { explain } from './explain.ts';

/** Workerpool orders of every pool the explainer looks at, newest first. */
export const EXPLAIN_POOL_ORDERS = 1000;

/**
 * `GET /v1/requests/:hash/explain`: the request and the book's candidate orders (its app's and
 * dataset's, every pool's) with what the chain says (registry tags, the requester's escrow) and
 * this pool's online workers, explained by `explain`. Registry tags (fixed at registration) are read
 * once per asset; a failed read counts as no tag this time and is not cached.
 */
export function createExplainer(ctx: Pick<Ctx, 'store' | 'client' | 'config' | 'onlineWorkers'>, adOf: (w: WorkerRow) => Ad) {
  const { store, client, config } = ctx;
  const tags = new Map<string, Promise<bigint>>();
  const bodies = new Map<string, Record<string, string>>();
  const tagOf = (kind: 'app' | 'dataset' | 'workerpool', id: string) => {
    const key = `${kind}:${id}`;
    let t = tags.get(key);
    if (!t) {
      const n = BigInt(id);
      t = (
        kind === 'app'
          ? getApp(client, { app: n })
          : kind === 'dataset'
            ? getDataset(client, { dataset: n })
            : getWorkerpool(client, { workerpool: n })
      ).then(
        (a) => BigInt((a as { tag?: string }).tag ?? 0),
        () => {
          tags.delete(key); // not cached: read again next time (an RPC hiccup, or an asset not there yet)
          return 0n;
        },
      );
      tags.set(key, t);
    }
    return t;
  };

  return async function explainHash(hash: string): Promise<Explanation> {
    const req = store.orders.getOfKind(hash.toLowerCase(), 'request');
    if (!req) throw new ServiceError('OrderNotFound', `no request order ${hash} in the book`, 404, { hash });
    const r = JSON.parse(req.body) as Record<string, string>;
    const apps = store.orders.openOffers('app', r.app as string);
    const datasets = r.dataset === '0' ? [] : store.orders.openOffers('dataset', r.dataset as string);
    const pools = store.orders.list({ kind: 'workerpool', status: 'open' }, EXPLAIN_POOL_ORDERS);
    const poolIds = [...new Set(pools.map((p) => p.asset))];
    const [appTag, datasetTag, poolTagList, escrow] = await Promise.all([
      tagOf('app', r.app as string),
      r.dataset === '0' ? 0n : tagOf('dataset', r.dataset as string),
      Promise.all(poolIds.map((p) => tagOf('workerpool', p))),
      getEscrow(client, { account: r.requester as Address }).then(
        (e) => e.escrow,
        () => undefined,
      ),
    ]);
    const deals = store.deals.ofRequest(req.hash);
    const status = deals.length && req.status === 'open' ? 'matched' : req.status;
    return explain(
      { ...req, status } as typeof req,
      { apps, datasets, pools },
      {
        now: Math.floor(Date.now() / 1000),
        pool: config.workerpool.toString(),
        allowRequesters: config.allowRequesters?.map((a) => a.toLowerCase()),
        appTag,
        datasetTag,
        poolTags: new Map(poolIds.map((p, i) => [p, poolTagList[i] as bigint])),
        balance: escrow,
        workers: ctx.onlineWorkers().map(adOf),
        bodies,
      },
    );
  };
}
