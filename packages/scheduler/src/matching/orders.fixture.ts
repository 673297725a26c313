// Order rows as the store holds them, for the matching unit tests and bench/explain.ts (no chain).
import type { Hex } from 'viem';
import type { OrderRow } from '../store/index.ts';

type Kind = 'app' | 'dataset' | 'workerpool';
const ZERO = '0x0000000000000000000000000000000000000000';
const ZERO_TAG = `0x${'0'.repeat(64)}`;
export const REQUESTER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
export const PGT = 10n ** 18n;

let serial = 0;
const hashOf = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;

const DEFAULTS: Record<Kind, Record<string, string>> = {
  app: { app: '1', price: '0', volume: '1000', tag: ZERO_TAG, datasetRestrict: '0', workerpoolRestrict: '0', requesterRestrict: ZERO },
  dataset: { dataset: '1', price: '0', volume: '1000', tag: ZERO_TAG, appRestrict: '0', workerpoolRestrict: '0', requesterRestrict: ZERO },
  workerpool: {
    workerpool: '1',
    price: '0',
    volume: '1000',
    tag: ZERO_TAG,
    category: '0',
    trust: '1',
    appRestrict: '0',
    datasetRestrict: '0',
    requesterRestrict: ZERO,
  },
};

/** An open offer of `kind` published at `createdAt` (ms); `fields` override the order's wire fields. */
export function offer(kind: Kind, fields: Record<string, string> = {}, p: { createdAt?: number; consumed?: string } = {}): OrderRow {
  const n = ++serial;
  const body: Record<string, string> = { ...DEFAULTS[kind], expiry: '0', salt: hashOf(n), ...fields };
  return {
    hash: hashOf(n),
    kind,
    body: JSON.stringify(body),
    signer: REQUESTER as Hex,
    asset: body[kind] as string,
    volume: body.volume as string,
    consumed: p.consumed ?? '0',
    expiry: Number(body.expiry),
    status: 'open',
    reason: null,
    created_at: p.createdAt ?? n,
  };
}

/** A request order's wire fields (app 1, no dataset, any pool, trust 1, category 0). */
export function request(fields: Record<string, string> = {}): Record<string, string> {
  return {
    app: '1',
    appMaxPrice: String(PGT),
    dataset: '0',
    datasetMaxPrice: '0',
    workerpool: '0',
    workerpoolMaxPrice: String(PGT),
    requester: REQUESTER,
    volume: '1',
    tag: ZERO_TAG,
    category: '0',
    trust: '1',
    callback: ZERO,
    params: '',
    expiry: '0',
    salt: hashOf(0),
    ...fields,
  };
}
