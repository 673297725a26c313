import { mkdirSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { type Address, type Hex, keccak256, parseEther, toHex, zeroAddress, zeroHash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  type Deployment,
  type Resources,
  createProofgridClient,
  createWorkerpool,
  deposit,
  getBalances,
  hubAbi,
  signOrder,
} from '@proofgrid/sdk';
import { type LimitOptions, applyServerTimeouts, resolveLimits, serverTimeoutOptions, toWire, zPublishOrder } from '@proofgrid/sdk/api';
import { createBlobStore } from './blobStore.ts';
import { createEngine } from './engine/index.ts';
import { gatewayRoutes } from './gateway/index.ts';
import { createServer } from './http/server.ts';
import { createOrderbook } from './matching/orderbook.ts';
import { createMetrics } from './metrics.ts';
import { createStore, openDb } from './store/index.ts';
import { createWaiters } from './engine/waiters.ts';

export type SchedulerOptions = {
  deployment: Deployment;
  /** Private key of the pool's scheduler (authorizes workers, sends matchOrders / finalize). */
  schedulerKey: Hex;
  /** The pool this scheduler runs; with `ownerKey` and no id, a pool is created. */
  workerpool?: bigint;
  /** The pool owner's key: when given, the scheduler publishes the pool's standing orders. */
  ownerKey?: Hex;
  /** Price per task of the pool's standing orders (token wei). */
  price?: bigint;
  /** Highest trust the pool's standing orders accept. */
  maxTrust?: number;
  /** Tag bits the pool's standing orders offer (M2: bit 0 TEE, bit 1 GPU…); default none. */
  tag?: Hex;
  dataDir: string;
  host?: string;
  port?: number;
  allowWorkers?: Address[];
  allowRequesters?: Address[];
  leaseTtlMs?: number;
  maxBatch?: number;
  /** How often new blocks are looked for (default 100 ms). */
  tickMs?: number;
  /** The safety-net tick (default 500 ms). */
  safetyTickMs?: number;
  /** How long an idle worker's lease request is held waiting for work (default 1000 ms; 0 answers at once). */
  leaseWaitMs?: number;
  /** Blocks a deal's match must be under before it is worked on (reorg safety; default 0). */
  confirmations?: number;
  logger?: Logger;
  resources?: Resources;
  /** Serve HTTPS with this certificate and key (PEM); HTTP without (decision 017). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Request rates per worker and per client, and slow-client timeouts (decision 016; defaults when not given). */
  limits?: LimitOptions;
};

export type Scheduler = { url: string; port: number; workerpool: bigint; stop(): Promise<void> };

/**
 * Starts the scheduler + orderbook service: SQLite state and content store under `dataDir`,
 * HTTP on `host:port` (0 = a free port), the scheduling loop.
 * @example
 * import { startScheduler } from '@proofgrid/scheduler';
 * const s = await startScheduler({ deployment, schedulerKey, ownerKey, dataDir: '.proofgrid/scheduler' });
 */
export async function startScheduler(o: SchedulerOptions): Promise<Scheduler> {
  const log = o.logger ?? pino({ name: 'scheduler', level: process.env.LOG_LEVEL ?? 'info' });
  mkdirSync(o.dataDir, { recursive: true });
  const db = openDb(join(o.dataDir, 'scheduler.sqlite'));
  // Writes the market's views show wake their long polls (GET /v1/requests/:hash, /v1/deals/:id).
  const changes = createWaiters();
  const store = createStore(db, { onChange: () => changes.kick() });
  const blobs = createBlobStore({ dir: join(o.dataDir, 'blobs') });
  const scheduler = privateKeyToAccount(o.schedulerKey);
  const client = createProofgridClient({ deployment: o.deployment, account: scheduler });
  const metrics = createMetrics();
  const orderbook = createOrderbook({ store, client, blobs });

  let workerpool = o.workerpool?.toString() ?? store.getMeta('workerpool');
  if (o.ownerKey) {
    const owner = createProofgridClient({ deployment: o.deployment, account: privateKeyToAccount(o.ownerKey) });
    if (workerpool === undefined) {
      const created = await createWorkerpool(owner, {
        description: 'Proofgrid local pool',
        scheduler: scheduler.address,
        resources: o.resources ?? { cpus: 2, memoryMb: 2048, diskGb: 10, gpus: 0, tee: false, region: 'local' },
      });
      workerpool = created.workerpool.toString();
      log.info({ workerpool }, 'workerpool created');
    }
    store.setMeta('workerpool', workerpool);
    const { escrow } = await getBalances(owner, { account: owner.account!.address });
    if (escrow < parseEther('10000')) await deposit(owner, { amount: parseEther('100000') });
    const categories = Number(await client.public.readContract({ address: o.deployment.hub, abi: hubAbi, functionName: 'categoryCount' }));
    const onlyRequester = o.allowRequesters?.length === 1 ? o.allowRequesters[0] : undefined;
    for (let category = 0; category < categories; category++) {
      const order = {
        workerpool: BigInt(workerpool),
        price: o.price ?? parseEther('1') / 100n,
        volume: 1_000_000_000n,
        tag: o.tag ?? zeroHash,
        category: BigInt(category),
        trust: BigInt(o.maxTrust ?? 100),
        appRestrict: 0n,
        datasetRestrict: 0n,
        // A pool private to one requester says so on chain too (X1): the hub refuses anyone else's match.
        requesterRestrict: onlyRequester ?? zeroAddress,
        expiry: 0n,
        salt: keccak256(
          toHex(
            `standing ${workerpool} ${category} ${o.price ?? ''} ${o.maxTrust ?? ''}${o.tag ? ` ${o.tag}` : ''}${onlyRequester ? ` ${onlyRequester}` : ''}`,
          ),
        ),
      };
      const signed = await signOrder(owner.wallet!, { kind: 'workerpool', order, chainId: o.deployment.chainId, hub: o.deployment.hub });
      const { signature, ...rest } = signed;
      await orderbook.publish(zPublishOrder.parse({ kind: 'workerpool', order: toWire(rest), signature }));
    }
  }
  if (workerpool === undefined) throw new Error('startScheduler: give the workerpool id, or the owner key to create one');

  const engine = createEngine({
    store,
    changes,
    client,
    blobs,
    log,
    metrics,
    config: {
      workerpool: BigInt(workerpool),
      scheduler,
      allowWorkers: o.allowWorkers,
      allowRequesters: o.allowRequesters,
      leaseTtlMs: o.leaseTtlMs ?? 5000,
      maxBatch: o.maxBatch ?? 256,
      tickMs: o.tickMs ?? 100,
      safetyTickMs: o.safetyTickMs ?? 500,
      leaseWaitMs: o.leaseWaitMs ?? 1000,
      confirmations: o.confirmations ?? 0,
    },
  });
  const limits = resolveLimits(o.limits);
  const app = createServer({
    limits,
    blobs,
    orderbook,
    engine,
    metrics,
    log,
    info: {
      chainId: o.deployment.chainId,
      hub: o.deployment.hub,
      workerpool: String(workerpool),
      scheduler: scheduler.address,
      visibility: o.allowWorkers ? 'private' : 'public',
    },
  });
  // the services gateway (decision 029) on deployments that have ServiceLeases
  if (o.deployment.services) gatewayRoutes(app, { client });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: o.host ?? '127.0.0.1',
        port: o.port ?? 0,
        serverOptions: { ...serverTimeoutOptions(limits.timeouts), ...(o.tls && { cert: o.tls.cert, key: o.tls.key }) },
        // HTTPS with the certificate given (decision 017).
        ...(o.tls && { createServer: createHttpsServer }),
      },
      () => resolve(s),
    );
  });
  // Slow clients (headers or a body that never finish, a socket gone quiet) are cut off.
  applyServerTimeouts(server as never, limits.timeouts);
  const address = server.address() as { port: number };
  const url = `${o.tls ? 'https' : 'http'}://${o.host ?? '127.0.0.1'}:${address.port}`;
  engine.start();
  log.info({ url, workerpool, visibility: o.allowWorkers ? 'private' : 'public' }, 'scheduler listening');
  return {
    url,
    port: address.port,
    workerpool: BigInt(workerpool),
    async stop() {
      await engine.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      blobs.close();
    },
  };
}
