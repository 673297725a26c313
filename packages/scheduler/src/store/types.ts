import type { Address, Hex } from 'viem';
import type { OrderKind } from '@proofgrid/sdk';
import type { AnswerState } from '../scheduling/answer.ts';
import type { BatchStatus } from '../scheduling/batch.ts';
import type { DealStatus } from '../scheduling/deal.ts';
import type { LeaseStatus } from '../scheduling/lease.ts';

export type { BatchStatus, DealStatus, LeaseStatus };
export type OrderStatus = 'open' | 'filled' | 'cancelled' | 'expired';

export type DealRow = {
  deal_id: Hex;
  request_hash: Hex;
  requester: Address;
  key: string;
  app_uri: string;
  module_hash: Hex;
  app_memory_mb: number;
  params: string;
  category_max_s: number;
  trust: number;
  volume: number;
  status: DealStatus;
  unmatched: string | null;
  match_tx: Hex;
  created_at: number;
};

export type BatchRow = {
  batch_id: Hex;
  deal_id: Hex;
  first: number;
  count: number;
  status: BatchStatus;
  replicas: number;
  root: Hex | null;
  digests: string | null;
  tx: Hex | null;
  updated_at: number;
  settled: number;
  /** An optimistic task's answer state (scheduling/answer.ts), null otherwise. */
  answer: AnswerState | null;
};

export type LeaseRow = {
  lease_id: number;
  batch_id: Hex;
  worker: Address;
  status: LeaseStatus;
  expires_at: number;
  root: Hex | null;
  digests: string | null;
  error: string | null;
  tx: Hex | null;
  created_at: number;
};

export type WorkerRow = { address: Address; name: string | null; resources: string; token: string; last_seen: number; done: number };

export type OrderRow = {
  hash: Hex;
  kind: OrderKind;
  body: string;
  signer: Address;
  asset: string;
  volume: string;
  consumed: string;
  expiry: number;
  status: OrderStatus;
  reason: string | null;
  created_at: number;
};

export type MatchRow = { tx: Hex; request_hash: Hex; orders: string };
