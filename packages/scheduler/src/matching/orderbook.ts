import { type Address, type Hex, verifyMessage } from 'viem';
import {
  type ProofgridClient,
  ORDER_TYPES,
  appRegistryAbi,
  datasetRegistryAbi,
  hashOrder,
  hubAbi,
  orderDomain,
  workerpoolRegistryAbi,
} from '@proofgrid/sdk';
import { cancelMessage, toWire, type zPublishOrder, zRequestParams, zTaskList } from '@proofgrid/sdk/api';
import type { z } from 'zod';
import type { BlobStore } from '../blobStore.ts';
import { ServiceError } from '../errors.ts';
import { ORDER_FILTERS, type OrderFilter, type OrderRow, type Store } from '../store/index.ts';
import { parseOr } from '../validate.ts';

const PRIMARY = { app: 'AppOrder', dataset: 'DatasetOrder', workerpool: 'WorkerpoolOrder', request: 'RequestOrder' } as const;

export type PublishOrder = z.output<typeof zPublishOrder>;

/**
 * The orderbook (M2): signed orders checked against their signature and the chain, listed,
 * filtered and cancelled. It holds no funds; matching happens on chain.
 */
export function createOrderbook({ store, client, blobs }: { store: Store; client: ProofgridClient; blobs: BlobStore }) {
  const { deployment } = client;
  const read = (address: Address, abi: unknown, functionName: string, args: unknown[]) =>
    client.public.readContract({ address, abi: abi as never, functionName, args } as never) as Promise<unknown>;

  async function ownerOf(kind: 'app' | 'dataset' | 'workerpool', id: bigint): Promise<Address> {
    const [address, abi, code] =
      kind === 'app'
        ? [deployment.apps, appRegistryAbi, 'AppNotFound']
        : kind === 'dataset'
          ? [deployment.datasets, datasetRegistryAbi, 'DatasetNotFound']
          : [deployment.workerpools, workerpoolRegistryAbi, 'WorkerpoolNotFound'];
    try {
      return (await read(address, abi, 'ownerOf', [id])) as Address;
    } catch {
      throw new ServiceError(code, `${kind} ${id} is not registered on chain`, 404, { [kind]: id.toString() });
    }
  }

  async function publish(parsed: PublishOrder): Promise<{ hash: Hex; status: string }> {
    const { kind, order, signature } = parsed;
    const o = order as Record<string, unknown>;
    if ((o.volume as bigint) === 0n) throw new ServiceError('OrderInvalid', 'malformed order: volume must be at least 1', 400);
    const hash = hashOrder({ kind, order: order as never, chainId: deployment.chainId, hub: deployment.hub });
    const existing = store.orders.get(hash);
    if (existing) return { hash, status: existing.status };
    const now = Math.floor(Date.now() / 1000);
    const expiry = Number(o.expiry as bigint);
    if (expiry !== 0 && expiry <= now)
      throw new ServiceError('OrderExpired', `order expired at ${new Date(expiry * 1000).toISOString()}`, 400, { expiry });

    const asset = kind === 'request' ? 0n : (o[kind] as bigint);
    const signer = kind === 'request' ? (o.requester as Address) : await ownerOf(kind, asset);
    if (kind === 'request') {
      // The assets are read in parallel; the first missing one in this order is the error.
      const assets: Promise<unknown>[] = [ownerOf('app', o.app as bigint)];
      if ((o.dataset as bigint) !== 0n) assets.push(ownerOf('dataset', o.dataset as bigint));
      if ((o.workerpool as bigint) !== 0n) assets.push(ownerOf('workerpool', o.workerpool as bigint));
      for (const r of await Promise.allSettled(assets)) if (r.status === 'rejected') throw r.reason;
      checkParams(o.params as string, o.volume as bigint);
    }
    // Read while the signature is checked; looked at after it.
    const consumedRead = Promise.allSettled([read(deployment.hub, hubAbi, 'consumedOf', [hash])]);
    if (signature === '0x') {
      const presigned = (await read(deployment.hub, hubAbi, 'isPresigned', [hash])) as boolean;
      if (!presigned)
        throw new ServiceError('OrderSignatureInvalid', `order ${hash} has no signature and is not presigned on chain`, 400, { hash });
    } else {
      let valid = false;
      try {
        valid = await client.public.verifyTypedData({
          address: signer,
          domain: orderDomain(deployment.chainId, deployment.hub),
          types: ORDER_TYPES,
          primaryType: PRIMARY[kind],
          message: order as never,
          signature,
        } as never);
      } catch {
        valid = false;
      }
      if (!valid) {
        throw new ServiceError(
          'OrderSignatureInvalid',
          `the signature is not ${signer}'s (the ${kind === 'request' ? 'requester' : `${kind} owner`}) over this order on chain ${deployment.chainId}, hub ${deployment.hub}`,
          400,
          { hash, signer },
        );
      }
    }
    const [consumedOf] = await consumedRead;
    if (consumedOf.status === 'rejected') throw consumedOf.reason;
    const consumed = consumedOf.value as bigint;
    if (consumed >= (o.volume as bigint))
      throw new ServiceError('OrderFullyConsumed', `order ${hash} is already fully consumed on chain`, 409, { hash });

    const wire = toWire({ ...o, signature }) as Record<string, unknown>;
    store.orders.insert({
      hash,
      kind,
      body: JSON.stringify(wire),
      signer: signer.toLowerCase(),
      asset: asset.toString(),
      app: str(o.app),
      dataset: str(o.dataset),
      workerpool: str(o.workerpool),
      requester: kind === 'request' ? (o.requester as string).toLowerCase() : null,
      category: o.category === undefined ? null : Number(o.category as bigint),
      trust: o.trust === undefined ? null : Number(o.trust as bigint),
      volume: (o.volume as bigint).toString(),
      consumed: consumed.toString(),
      expiry,
      created_at: Date.now(),
    });
    return { hash, status: 'open' };
  }

  function checkParams(params: string, volume: bigint) {
    let json: unknown;
    try {
      json = params === '' ? {} : JSON.parse(params);
    } catch {
      throw new ServiceError('OrderParamsInvalid', 'request params are not JSON', 400);
    }
    const p = parseOr(zRequestParams.safeParse(json), 'OrderParamsInvalid', 'bad request params');
    if (p.tasks) {
      const list = parseOr(zTaskList.safeParse(JSON.parse(blobs.get(p.tasks).toString('utf8'))), 'TaskListInvalid', `task list ${p.tasks}`);
      if (BigInt(list.tasks.length) !== volume) {
        throw new ServiceError(
          'TaskListVolumeMismatch',
          `the task list has ${list.tasks.length} tasks but the order's volume is ${volume}`,
          400,
        );
      }
      for (const t of list.tasks)
        for (const h of Object.values(t.files))
          if (!blobs.has(h)) throw new ServiceError('BlobNotFound', `input file ${h} is not in the content store`, 404, { hash: h });
    }
  }

  function list(query: Record<string, string | undefined>) {
    const filter: OrderFilter = {};
    for (const col of ORDER_FILTERS) {
      const v = query[col];
      if (v === undefined || v === '') continue;
      if (col === 'kind' && !['app', 'dataset', 'workerpool', 'request'].includes(v))
        throw new ServiceError('FilterInvalid', `unknown order kind "${v}"`, 400);
      filter[col] = col === 'requester' ? v.toLowerCase() : col === 'category' ? Number(v) : v;
    }
    const limit = Math.min(Math.max(Number(query.limit ?? 100) || 100, 1), 1000);
    return store.orders.list(filter, limit).map(view);
  }

  function get(hash: string) {
    const row = store.orders.get(hash.toLowerCase());
    if (!row) throw new ServiceError('OrderNotFound', `no order ${hash} in the book`, 404, { hash });
    return row;
  }

  async function cancel(hash: string, signature: Hex) {
    const row = get(hash);
    let ok = false;
    try {
      ok = await verifyMessage({ address: row.signer, message: cancelMessage(row.hash), signature });
    } catch {
      ok = false; // a malformed signature is a wrong one
    }
    if (!ok)
      throw new ServiceError('OrderSignatureInvalid', `the cancel is not signed by the order's signer ${row.signer}`, 403, {
        hash: row.hash,
      });
    store.orders.setStatus(row.hash, 'cancelled');
    return { hash: row.hash, status: 'cancelled' };
  }

  return { publish, list, get, cancel, view };
}

export function view(row: OrderRow) {
  const order = JSON.parse(row.body) as Record<string, unknown>;
  return {
    hash: row.hash,
    kind: row.kind,
    order,
    signer: row.signer,
    consumed: row.consumed,
    remaining: (BigInt(row.volume) - BigInt(row.consumed)).toString(),
    status: row.status,
    reason: row.reason ?? undefined,
    createdAt: row.created_at,
  };
}

const str = (v: unknown) => (v === undefined ? null : String(v));
