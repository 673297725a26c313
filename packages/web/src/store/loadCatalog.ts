import { type ProofgridClient, getApp, getAssetCount, getDataset, getReputation, getWorkerpool } from '@proofgrid/sdk';
import type { MarketClient, OrderEntry, WorkerView } from '@proofgrid/sdk/api';
import type { Address, Hex } from 'viem';

export type AppItem = {
  kind: 'app';
  id: bigint;
  name: string;
  uri: string;
  moduleHash: Hex;
  tag: Hex;
  maxMemoryMb: number;
  category: number;
  owner: Address;
  price?: bigint;
  orders: number;
};
export type DatasetItem = {
  kind: 'dataset';
  id: bigint;
  name: string;
  uri: string;
  contentHash: Hex;
  tag: Hex;
  owner: Address;
  price?: bigint;
  orders: number;
};
export type PoolWorker = WorkerView & { score: number };
export type PoolItem = {
  kind: 'workerpool';
  id: bigint;
  description: string;
  scheduler: Address;
  owner: Address;
  resources: Record<string, unknown>;
  workerStakeRatio: number;
  schedulerRewardRatio: number;
  price?: bigint;
  trust?: bigint;
  orders: number;
  workers: PoolWorker[];
};
export type Catalog = { apps: AppItem[]; datasets: DatasetItem[]; pools: PoolItem[] };

const ids = (count: number) => Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));

/** The cheapest open order per asset id, and how many are open. */
function bestOrders(orders: OrderEntry[], field: 'app' | 'dataset' | 'workerpool') {
  const out = new Map<string, { price: bigint; trust?: bigint; orders: number }>();
  for (const o of orders) {
    if (o.status !== 'open') continue;
    const order = o.order as unknown as Record<string, bigint>;
    const id = String(order[field]);
    const best = out.get(id);
    if (!best || order.price! < best.price) out.set(id, { price: order.price!, trust: order.trust, orders: (best?.orders ?? 0) + 1 });
    else best.orders++;
  }
  return out;
}

/**
 * The market's catalogue: every registered app, dataset and workerpool read from the chain's
 * registries, with prices from the orderbook and, for pools, the workers and their reputation.
 */
export async function loadCatalog(client: ProofgridClient, market: MarketClient): Promise<Catalog> {
  const [appCount, dsCount, poolCount, appOrders, dsOrders, poolOrders, workers] = await Promise.all([
    getAssetCount(client, { kind: 'app' }),
    getAssetCount(client, { kind: 'dataset' }),
    getAssetCount(client, { kind: 'workerpool' }),
    market.listOrders({ kind: 'app', limit: 1000 }),
    market.listOrders({ kind: 'dataset', limit: 1000 }),
    market.listOrders({ kind: 'workerpool', limit: 1000 }),
    market.listWorkers(),
  ]);
  const appBest = bestOrders(appOrders, 'app');
  const dsBest = bestOrders(dsOrders, 'dataset');
  const poolBest = bestOrders(poolOrders, 'workerpool');
  const scored: PoolWorker[] = await Promise.all(
    workers.map(async (w) => ({ ...w, score: (await getReputation(client, { account: w.address })).score })),
  );
  const status = await market.status();

  const apps = await Promise.all(
    ids(appCount).map(async (id): Promise<AppItem> => {
      const best = appBest.get(String(id));
      return { kind: 'app', ...(await getApp(client, { app: id })), price: best?.price, orders: best?.orders ?? 0 };
    }),
  );
  const datasets = await Promise.all(
    ids(dsCount).map(async (id): Promise<DatasetItem> => {
      const best = dsBest.get(String(id));
      return { kind: 'dataset', ...(await getDataset(client, { dataset: id })), price: best?.price, orders: best?.orders ?? 0 };
    }),
  );
  const pools = await Promise.all(
    ids(poolCount).map(async (id): Promise<PoolItem> => {
      const best = poolBest.get(String(id));
      const served = status.workerpool === String(id);
      const pool = await getWorkerpool(client, { workerpool: id });
      return {
        kind: 'workerpool',
        ...pool,
        price: best?.price,
        trust: best?.trust,
        orders: best?.orders ?? 0,
        workers: served ? scored : [],
      };
    }),
  );
  return { apps: apps.reverse(), datasets, pools };
}

/** The open pool order a run will most likely match: the cheapest one of the served pool. */
export function cheapestPool(c: Catalog): PoolItem | undefined {
  return c.pools.filter((p) => p.price !== undefined).sort((a, b) => (a.price! < b.price! ? -1 : 1))[0];
}
