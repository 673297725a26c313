// `proofgrid-worker --serve <leaseId>`: serves a lease, publishes its signed endpoint record to gateways
// (refreshed before it expires), drains it (a record with expiry 0) before stopping, and redeems the
// clients' newest receipts in one transaction when asked (or every `redeemEveryS`).
import { join } from 'node:path';
import {
  type ProofgridClient,
  type UsageReceipt,
  getLeaseAccount,
  publishEndpointRecord,
  redeemReceipts,
  signEndpointRecord,
} from '@proofgrid/sdk';
import { createServiceServer, type ServiceServer } from './createServiceServer.ts';
import { loadServiceModule } from './loadServiceModule.ts';

export type ServeLeaseOptions = {
  /** The provider's client (the lease's provider key: it signs endpoint records and redeems). */
  client: ProofgridClient;
  leaseId: bigint;
  gateways?: string[];
  /** The url gateways reach this server at (default its listening url). */
  publicUrl?: string;
  host?: string;
  port?: number;
  threads?: number;
  modulePath?: string;
  dataDir?: string;
  /** Endpoint records live this long and are refreshed at a third of it (default 300 s). */
  recordTtlS?: number;
  redeemEveryS?: number;
  log?: (line: string) => void;
};

export type ServedLease = {
  url: string;
  server: ServiceServer;
  /** Publishes a fresh record (or a drain, `drain: true`) to every gateway. */
  publish(drain?: boolean): Promise<void>;
  /** Redeems every client's newest receipt not yet redeemed; returns what was paid. */
  redeem(): Promise<{ paid: bigint; receipts: number }>;
  /** Drains the endpoint at the gateways, finishes the calls in flight, stops. */
  stop(): Promise<void>;
};

/** Starts serving a lease; resolves once listening and published. */
export async function serveLease(o: ServeLeaseOptions): Promise<ServedLease> {
  const { client, leaseId } = o;
  const log = o.log ?? (() => {});
  const app = await loadServiceModule(client, leaseId, o.modulePath);
  const server = await createServiceServer({
    client,
    app,
    host: o.host,
    port: o.port,
    threads: o.threads,
    receiptsFile: o.dataDir ? join(o.dataDir, `service-${leaseId}-receipts.json`) : undefined,
  });
  const url = o.publicUrl ?? server.url;
  const ttl = BigInt(o.recordTtlS ?? 300);
  let sequence = BigInt(Date.now()); // grows across restarts: a record of this url only replaces an older one

  async function publish(drain = false) {
    sequence = BigInt(Math.max(Number(sequence) + 1, Date.now()));
    const expiry = drain ? 0n : BigInt(Math.floor(Date.now() / 1000)) + ttl;
    const record = await signEndpointRecord(client, { leaseId, endpoint: url, sequence, expiry });
    const results = await Promise.allSettled((o.gateways ?? []).map((gateway) => publishEndpointRecord({ gateway, record })));
    results.forEach((r, i) => {
      if (r.status === 'rejected') log(`publishing to ${o.gateways?.[i]} failed: ${(r.reason as Error).message}`);
    });
  }

  async function redeem() {
    const held = server.ledger.all();
    const accounts = await Promise.all(held.map((r) => getLeaseAccount(client, { leaseId, client: r.client })));
    const due: UsageReceipt[] = held.filter((r, i) => r.sequence > accounts[i]!.sequence);
    if (due.length === 0) return { paid: 0n, receipts: 0 };
    const { paid } = await redeemReceipts(client, { receipts: due });
    log(`redeemed ${due.length} receipt(s): ${paid} paid`);
    return { paid, receipts: due.length };
  }

  await publish();
  const refresh = setInterval(() => publish().catch((e) => log(`refresh failed: ${e.message}`)), Number(ttl * 1000n) / 3);
  const redeemTimer = o.redeemEveryS
    ? setInterval(() => redeem().catch((e) => log(`redeem failed: ${e.message}`)), o.redeemEveryS * 1000)
    : undefined;
  refresh.unref();
  redeemTimer?.unref();
  log(`serving svc:${leaseId} (${app.name}) at ${url}`);
  return {
    url,
    server,
    publish,
    redeem,
    async stop() {
      clearInterval(refresh);
      if (redeemTimer) clearInterval(redeemTimer);
      await publish(true);
      await server.close();
      if (o.redeemEveryS) await redeem().catch((e) => log(`redeem failed: ${e.message}`));
    },
  };
}
