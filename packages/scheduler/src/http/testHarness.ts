// Test only: the scheduler's HTTP app over a real store (SQLite in memory), a real blob store in a
// temporary directory and the real engine, with a deployment whose chain is never reached (its RPC
// points at a closed port). The route tests of this folder share it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createProofgridClient } from '@proofgrid/sdk';
import pino from 'pino';
import { privateKeyToAccount } from 'viem/accounts';
import { createBlobStore } from '../blobStore.ts';
import { createEngine } from '../engine/index.ts';
import { createOrderbook } from '../matching/orderbook.ts';
import { createMetrics } from '../metrics.ts';
import { createStore, openDb } from '../store/index.ts';
import { createServer } from './server.ts';

const zero = '0x0000000000000000000000000000000000000000' as const;

export type HarnessOptions = {
  /** Prefix of the temporary blob directory (removed after the test file). */
  name: string;
  hub?: `0x${string}`;
  workerpool?: bigint;
};

export function createSchedulerHarness({ name, hub = zero, workerpool = 1n }: HarnessOptions) {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const deployment = {
    chainId: 31337,
    rpcUrl: 'http://127.0.0.1:9',
    token: zero,
    hub,
    poco: zero,
    apps: zero,
    datasets: zero,
    workerpools: zero,
    startBlock: 0n,
  };
  const scheduler = privateKeyToAccount(`0x${'a1'.repeat(32)}`);
  const store = createStore(openDb(':memory:'));
  const blobs = createBlobStore({ dir });
  const client = createProofgridClient({ deployment, account: scheduler });
  const log = pino({ level: 'silent' });
  const metrics = createMetrics();
  const config = {
    workerpool,
    scheduler,
    leaseTtlMs: 5000,
    maxBatch: 16,
    tickMs: 100,
    safetyTickMs: 500,
    confirmations: 0,
    leaseWaitMs: 300,
  };
  const engine = createEngine({ store, client, blobs, config, log, metrics });
  const info = {
    chainId: 31337,
    hub,
    workerpool: String(workerpool),
    scheduler: scheduler.address,
    visibility: 'public' as const,
  };
  const app = createServer({ blobs, orderbook: createOrderbook({ store, client, blobs }), engine, metrics, info, log });
  return { app, store, blobs, engine, client, scheduler, deployment, config };
}
