import type { DealKey } from '../types/ids.ts';

/** Converts bigints to decimal strings, recursively (the wire shape of orders and keys). */
export function toWire<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

const KEY_BIGINTS = [
  'requestConsumed',
  'appPrice',
  'datasetPrice',
  'poolPrice',
  'app',
  'dataset',
  'workerpool',
  'timeRef',
  'workerStake',
  'challengeWindow',
  'rollbackWindow',
] as const;

/** A DealKey from its wire (JSON) form. */
export function dealKeyFromWire(wire: Record<string, unknown>): DealKey {
  const key = { ...wire } as Record<string, unknown>;
  for (const k of KEY_BIGINTS) key[k] = BigInt(key[k] as string);
  for (const k of ['volume', 'trust', 'startTime', 'schedulerRewardRatio', 'verification'] as const) key[k] = Number(key[k]);
  return key as DealKey;
}

/** An order from its wire form: decimal strings back to bigints (`params` stays a string). */
export function orderFromWire<T = Record<string, unknown>>(wire: Record<string, unknown>): T {
  const order: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(wire)) order[k] = typeof v === 'string' && /^\d+$/.test(v) && k !== 'params' ? BigInt(v) : v;
  return order as T;
}
