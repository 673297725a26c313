import { type Address, type Hex, verifyMessage } from 'viem';
import {
  type OrderKind,
  type ProofgridClient,
  ORDER_TYPES,
  appRegistryAbi,
  datasetRegistryAbi,
  hashOrder,
  hubAbi,
  orderDomain,
  workerpoolRegistryAbi,
} from '@proofgrid/sdk';
import { cancelMessage, toWire, zCancelOrder, zPublishOrder, zRequestParams, zTaskList } from '@proofgrid/sdk/api';
import type { BlobStore } from '../blobStore.ts';
import type { Db } from '../db.ts';
import { ServiceError } from '../errors.ts';

const PRIMARY = { app: 'AppOrder', dataset: 'DatasetOrder', workerpool: 'WorkerpoolOrder', request: 'RequestOrder' } as const;

export type OrderRow = {
  hash: Hex;
  kind: OrderKind;
  body: string;
  signer: Address;
  asset: string;
  volume: string;
  consumed: string;
  expiry: number;
  status: string;
  reason: string | null;
  created_at: number;
};

/** Parses a zod result or throws a 400 `<code>` with the issues as details. */
export function parseOr<T>(result: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }, code: string, what: string): T {
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new ServiceError(code, `${what}: ${issues.slice(0, 3).join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`, 400, { issues });
}

/**
 * The orderbook (M2): signed orders checked against their signature and the chain, listed,
 * filtered and cancelled. It holds no funds; matching happens on chain.
 */
export function createOrderbook({ db, client, blobs }: { db: Db; client: ProofgridClient; blobs: BlobStore }) {
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

  async function publish(body: unknown): Promise<{ hash: Hex; status: string }> {
    const parsed = parseOr(zPublishOrder.safeParse(body), 'OrderInvalid', 'malformed order');
    const { kind, order, signature } = parsed;
    const o = order as Record<string, unknown>;
    if ((o.volume as bigint) === 0n) throw new ServiceError('OrderInvalid', 'malformed order: volume must be at least 1', 400);
    const hash = hashOrder({ kind, order: order as never, chainId: deployment.chainId, hub: deployment.hub });
    const existing = db.prepare('select status from orders where hash = ?').get(hash) as { status: string } | undefined;
    if (existing) return { hash, status: existing.status };
    const now = Math.floor(Date.now() / 1000);
    const expiry = Number(o.expiry as bigint);
    if (expiry !== 0 && expiry <= now) throw new ServiceError('OrderExpired', `order expired at ${new Date(expiry * 1000).toISOString()}`, 400, { expiry });

    const asset = kind === 'request' ? 0n : (o[kind] as bigint);
    const signer = kind === 'request' ? (o.requester as Address) : await ownerOf(kind, asset);
    if (kind === 'request') {
      await ownerOf('app', o.app as bigint);
      if ((o.dataset as bigint) !== 0n) await ownerOf('dataset', o.dataset as bigint);
      if ((o.workerpool as bigint) !== 0n) await ownerOf('workerpool', o.workerpool as bigint);
      checkParams(o.params as string, o.volume as bigint);
    }
    if (signature === '0x') {
      const presigned = (await read(deployment.hub, hubAbi, 'isPresigned', [hash])) as boolean;
      if (!presigned) throw new ServiceError('OrderSignatureInvalid', `order ${hash} has no signature and is not presigned on chain`, 400, { hash });
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
        throw new ServiceError('OrderSignatureInvalid', `the signature is not ${signer}'s (the ${kind === 'request' ? 'requester' : `${kind} owner`}) over this order on chain ${deployment.chainId}, hub ${deployment.hub}`, 400, { hash, signer });
      }
    }
    const consumed = (await read(deployment.hub, hubAbi, 'consumedOf', [hash])) as bigint;
    if (consumed >= (o.volume as bigint)) throw new ServiceError('OrderFullyConsumed', `order ${hash} is already fully consumed on chain`, 409, { hash });

    const wire = toWire({ ...o, signature }) as Record<string, unknown>;
    db.prepare(
      `insert into orders (hash, kind, body, signer, asset, app, dataset, workerpool, requester, category, trust, volume, consumed, expiry, status, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
    ).run(
      hash, kind, JSON.stringify(wire), signer.toLowerCase(), asset.toString(),
      str(o.app), str(o.dataset), str(o.workerpool), kind === 'request' ? (o.requester as string).toLowerCase() : null,
      o.category === undefined ? null : Number(o.category as bigint), o.trust === undefined ? null : Number(o.trust as bigint),
      (o.volume as bigint).toString(), consumed.toString(), expiry, Date.now(),
    );
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
        throw new ServiceError('TaskListVolumeMismatch', `the task list has ${list.tasks.length} tasks but the order's volume is ${volume}`, 400);
      }
      for (const t of list.tasks) for (const h of Object.values(t.files)) if (!blobs.has(h)) throw new ServiceError('BlobNotFound', `input file ${h} is not in the content store`, 404, { hash: h });
    }
  }

  function list(filter: Record<string, string | undefined>) {
    const where: string[] = [];
    const args: unknown[] = [];
    for (const col of ['kind', 'app', 'dataset', 'workerpool', 'requester', 'category', 'status'] as const) {
      const v = filter[col];
      if (v === undefined || v === '') continue;
      if (col === 'kind' && !['app', 'dataset', 'workerpool', 'request'].includes(v)) throw new ServiceError('FilterInvalid', `unknown order kind "${v}"`, 400);
      where.push(`${col} = ?`);
      args.push(col === 'requester' ? v.toLowerCase() : col === 'category' ? Number(v) : v);
    }
    const limit = Math.min(Math.max(Number(filter.limit ?? 100) || 100, 1), 1000);
    const rows = db.prepare(`select * from orders ${where.length ? `where ${where.join(' and ')}` : ''} order by created_at desc limit ${limit}`).all(...args) as OrderRow[];
    return rows.map(view);
  }

  function get(hash: string) {
    const row = db.prepare('select * from orders where hash = ?').get(hash.toLowerCase()) as OrderRow | undefined;
    if (!row) throw new ServiceError('OrderNotFound', `no order ${hash} in the book`, 404, { hash });
    return row;
  }

  async function cancel(hash: string, body: unknown) {
    const row = get(hash);
    const { signature } = parseOr(zCancelOrder.safeParse(body), 'CancelInvalid', 'malformed cancel');
    const ok = await verifyMessage({ address: row.signer, message: cancelMessage(row.hash), signature }).catch(() => false);
    if (!ok) throw new ServiceError('OrderSignatureInvalid', `the cancel is not signed by the order's signer ${row.signer}`, 403, { hash: row.hash });
    db.prepare("update orders set status = 'cancelled' where hash = ?").run(row.hash);
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
