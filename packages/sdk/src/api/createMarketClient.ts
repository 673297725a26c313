import type { Address, Hex } from 'viem';
import type { DealKey } from '../types/ids.ts';
import type { OrderKind, OrderOf, Signed } from '../types/orders.ts';
import { blobCalls } from '../protocol/blobs.ts';
import { dealKeyFromWire, orderFromWire } from './wire.ts';
import { jsonCaller } from './jsonCaller.ts';
import { zMarketInfo } from './limits.ts';
import { viewWaitQuery } from './progress.ts';

export type OrderEntry<K extends OrderKind = OrderKind> = {
  hash: Hex;
  kind: K;
  order: Signed<OrderOf<K>>;
  signer: Address;
  consumed: bigint;
  remaining: bigint;
  status: 'open' | 'filled' | 'cancelled' | 'expired';
  createdAt: number;
};

export type RequestStatus = {
  hash: Hex;
  status: 'open' | 'matched' | 'filled' | 'cancelled' | 'expired';
  deals: Hex[];
  /** Why it is not matched yet, when it is open. */
  reason?: string;
};

/**
 * Where an optimistic task's answer stands (decision 026; the scheduler's answer lifecycle): answered on chain and
 * inside its window, disputed by an open game, payable (the window passed or every game ended), finalized (paid) or
 * refunded (overturned).
 */
export type AnswerStatus = 'answered' | 'disputed' | 'payable' | 'finalized' | 'refunded';

export type TaskView = {
  index: number;
  status: 'pending' | 'running' | 'contributed' | 'answered' | 'finalized' | 'settled' | 'failed' | 'claimed';
  digest?: Hex;
  /** A provable batch's task (decision 030 point 6): `digest` is its leaf; the sha256 of its result blob (what is downloaded). */
  blob?: Hex;
  /** The leaf's pre-image: the run's output commitment and claim (`steps` in decimal). */
  leaf?: { outputDigest: Hex; claim: { startRoot: Hex; endRoot: Hex; steps: string } };
  workers: Address[];
  attempts: number;
  /** An optimistic task's answer, once answered on chain (absent for replicated and pushed tasks). */
  answer?: AnswerStatus;
  error?: string;
};

export type BatchView = {
  batchId: Hex;
  first: number;
  count: number;
  status: string;
  replicas: number;
  /** The workers leased on this batch and where each stands (active, reported, contributed, revealed, done, expired, failed). */
  workers: { address: Address; status: string }[];
  root?: Hex;
  tx?: Hex;
  /** An optimistic task's answer (its batch holds that one task), once answered on chain. */
  answer?: AnswerStatus;
  /** Agreed on chain as failed by the app (decision 012): its exit code and the failure report's digest (`fetchFailures`). */
  failure?: { exitCode: number; outputDigest: Hex };
};

export type DealView = {
  dealId: Hex;
  key: DealKey;
  status: 'running' | 'completed' | 'failed';
  app: { id: string; uri: string; moduleHash: Hex };
  params: string;
  tasks: TaskView[];
  batches: BatchView[];
  counts: Record<string, number>;
  /** Why no worker can take the deal's work, when that is the case (ClassAd diagnosis). */
  unmatched?: string;
  matchTx: Hex;
  createdAt: number;
};

/** A deal's view without its per-task list (`GET /v1/deals/:id?tasks=none`). */
export type DealSummary = Omit<DealView, 'tasks'>;

export type WorkerView = {
  address: Address;
  name?: string;
  resources: Record<string, unknown>;
  status: 'online' | 'lost';
  lastSeen: number;
  leases: number;
  done: number;
};

export type MarketStatus = {
  chainId: number;
  hub: Address;
  workerpool: string;
  scheduler: Address;
  visibility: 'public' | 'private';
  workers: { online: number; lost: number };
  deals: { running: number; completed: number };
  tasks: Record<string, number>;
  orders: Record<string, number>;
  uptimeS: number;
};

export type MarketClient = ReturnType<typeof createMarketClient>;

/**
 * A typed client of a Proofgrid scheduler/orderbook service (isomorphic: uses `fetch`).
 * Every failure is an {@link ApiError} with a stable `code`.
 * @example
 * import { createMarketClient } from '@proofgrid/sdk/api';
 * const market = createMarketClient({ url: 'http://127.0.0.1:8545' });
 * const { hash } = await market.publishOrder('request', signedRequestOrder);
 */
export function createMarketClient({ url, fetch: fetchFn = globalThis.fetch }: { url: string; fetch?: typeof globalThis.fetch }) {
  const base = url.replace(/\/+$/, '');
  const call = jsonCaller(base, fetchFn, {
    code: 'ServiceUnreachable',
    message: (cause) => `cannot reach the market service at ${base} (${cause})`,
  });
  const reviveOrder = (e: Record<string, unknown>): OrderEntry => {
    const order = orderFromWire(e.order as Record<string, unknown>);
    return {
      ...(e as unknown as OrderEntry),
      order: order as never,
      consumed: BigInt(e.consumed as string),
      remaining: BigInt(e.remaining as string),
    };
  };

  return {
    url: base,
    status: () => call<MarketStatus>('GET', '/v1/status'),
    /** Who the service is and the limits it enforces: body sizes, blob limits, request rates, timeouts (`GET /v1/info`). */
    info: async () => zMarketInfo.parse(await call<unknown>('GET', '/v1/info')),
    /** Publishes a signed order; the service checks its signature and on-chain state. */
    publishOrder: async <K extends OrderKind>(kind: K, order: Signed<OrderOf<K>>) => {
      const { signature, ...rest } = order as Signed<OrderOf<K>> & { signature: Hex };
      return call<{ hash: Hex }>('POST', '/v1/orders', { kind, order: rest, signature });
    },
    listOrders: async (
      filter: Partial<
        Record<'kind' | 'app' | 'dataset' | 'workerpool' | 'requester' | 'category' | 'status' | 'limit', string | number | bigint>
      > = {},
    ) => {
      const q = new URLSearchParams(
        Object.entries(filter)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      );
      const { orders } = await call<{ orders: Record<string, unknown>[] }>('GET', `/v1/orders?${q}`);
      return orders.map(reviveOrder);
    },
    getOrder: async (hash: Hex) => reviveOrder(await call<Record<string, unknown>>('GET', `/v1/orders/${hash}`)),
    /** Takes an order off the book; `signature` is the signer's EIP-191 signature of cancelMessage(hash). */
    cancelOrder: (hash: Hex, signature: Hex) => call<{ hash: Hex; status: string }>('POST', `/v1/orders/${hash}/cancel`, { signature }),
    /**
     * A request's status. With `since` (the `requestProgressKey` of the status last seen) and
     * `waitMs`, the scheduler holds the answer until the status differs, or `waitMs` passes.
     */
    requestStatus: (hash: Hex, wait: { since?: string; waitMs?: number } = {}) => {
      const q = viewWaitQuery(wait);
      return call<RequestStatus>('GET', `/v1/requests/${hash}${q ? `?${q}` : ''}`);
    },
    listDeals: (filter: { requester?: Address } = {}) =>
      call<{
        deals: {
          dealId: Hex;
          status: DealView['status'];
          requester: Address;
          volume: number;
          trust: number;
          createdAt: number;
          unmatched?: string;
        }[];
      }>('GET', `/v1/deals${filter.requester ? `?requester=${filter.requester}` : ''}`).then((r) => r.deals),
    getDeal: async (dealId: Hex): Promise<DealView> => {
      const d = await call<DealView & { key: Record<string, unknown> }>('GET', `/v1/deals/${dealId}`);
      return { ...d, key: dealKeyFromWire(d.key) };
    },
    /** The deal's view without its per-task list: status, counts and batches, cheap to poll on a large bag; with `since` (its `dealProgressKey`) and `waitMs`, held until it changes. */
    getDealSummary: async (dealId: Hex, wait: { since?: string; waitMs?: number } = {}): Promise<DealSummary> => {
      const q = viewWaitQuery(wait);
      const { tasks: _tasks, ...d } = await call<DealView & { key: Record<string, unknown> }>(
        'GET',
        `/v1/deals/${dealId}?tasks=none${q ? `&${q}` : ''}`,
      );
      return { ...d, key: dealKeyFromWire(d.key) };
    },
    listWorkers: () => call<{ workers: WorkerView[] }>('GET', '/v1/workers').then((r) => r.workers),
    ...blobCalls(base, fetchFn, call),
  };
}

/** The blob batch wire format (home: ../protocol/frames.ts). */
export { frame, unframe } from '../protocol/frames.ts';
