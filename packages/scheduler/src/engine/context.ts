import type { Address } from 'viem';
import type { Account } from 'viem/accounts';
import type { ProofgridClient } from '@proofgrid/sdk';
import type { Logger } from 'pino';
import type { BlobStore } from '../blobStore.ts';
import type { TxQueue } from '../chain/txQueue.ts';
import type { Metrics } from '../metrics.ts';
import type { Store, WorkerRow } from '../store/index.ts';

export type EngineConfig = {
  workerpool: bigint;
  /** The scheduler key: signs worker authorizations and sends matchOrders/finalize. */
  scheduler: Account;
  /** Workers allowed to join; undefined = a public pool. */
  allowWorkers?: Address[];
  /** Requesters whose orders this pool matches; undefined = anyone. */
  allowRequesters?: Address[];
  leaseTtlMs: number;
  /** Tasks per batch at most (one Merkle root each). */
  maxBatch: number;
  /** How often new blocks are looked for (eth_blockNumber); a new one wakes the engine. */
  tickMs: number;
  /** The safety-net tick: expiries, settlements, replicated batches, anything an event missed. */
  safetyTickMs: number;
  /**
   * Blocks a DealMatched log must be under before the deal is acted on (research plan D6): a
   * match orphaned by a reorg no deeper than this is never worked on, and its request is matched
   * again. 0 (a local automining node, no reorgs) takes a deal in from the match receipt at once.
   */
  confirmations: number;
  /** How long an idle worker's `POST /v1/leases/next` is held open waiting for work (long poll). */
  leaseWaitMs: number;
};

/** What every part of the engine shares: the store, the chain, the queue, and the two wake-ups. */
export type Ctx = {
  store: Store;
  client: ProofgridClient;
  blobs: BlobStore;
  log: Logger;
  metrics: Metrics;
  config: EngineConfig;
  queue: TxQueue;
  /** Runs the engine's cycle (intake, matching, expiries) soon, coalesced: a new order or block. */
  wake(): void;
  /** Tells workers waiting for a lease to look again, coalesced: work was freed or added. */
  kick(): void;
  onlineWorkers(): WorkerRow[];
};
