// Serves one lease's module over HTTP (decision 029): one request per run in the deterministic sandbox,
// each call paid by a new cumulative usage receipt of the client, checked here before the run.
//   POST /v1/call       body: the request (the module reads it as /in/request); header x-proofgrid-receipt
//                       answer: the module's stdout; headers x-proofgrid-exit-code, x-proofgrid-result-digest
//   GET  /v1/health     { ok, leaseId, calls, inFlight }
//   GET  /v1/receipts   every client's newest accepted receipt (what the provider redeems)
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ProofgridClient,
  RECEIPT_HEADER,
  type UsageReceipt,
  getLeaseAccount,
  parseUsageReceipt,
  serviceIdOf,
  toWire,
  verifyUsageReceipt,
} from '@proofgrid/sdk';
import { ServiceError } from '@proofgrid/sdk/errors';
import { computeResultDigest, createSandboxPool } from '../sandbox/index.ts';
import { createFundingCache } from './fundingCache.ts';
import { readBody, sendError, sendJson } from './httpJson.ts';
import type { ServedApp } from './loadServiceModule.ts';
import { type ReceiptLedger, createReceiptLedger } from './receiptLedger.ts';

export type ServiceServerOptions = {
  client: ProofgridClient;
  app: ServedApp;
  host?: string;
  port?: number;
  threads?: number;
  /** Per-run wall-clock budget (default 10 s). */
  timeoutMs?: number;
  maxRequestBytes?: number;
  maxOutputBytes?: number;
  /** A deposit whose lock ends sooner than this is not served (the provider must have time to redeem). Default 60 s. */
  redeemMarginS?: number;
  /** Where accepted receipts are kept (default: in memory only). */
  receiptsFile?: string;
};

export type ServiceServer = { url: string; ledger: ReceiptLedger; calls(): number; close(): Promise<void> };

/** Starts serving `app.lease`; resolves once listening. */
export async function createServiceServer(o: ServiceServerOptions): Promise<ServiceServer> {
  const { client, app } = o;
  const leaseId = app.lease.leaseId;
  const pool = createSandboxPool({ size: o.threads ?? 1 });
  const ledger = createReceiptLedger(o.receiptsFile);
  const limits = { memoryMb: app.memoryMb, timeoutMs: o.timeoutMs ?? 10_000, maxOutputBytes: o.maxOutputBytes ?? 1 << 20 };
  const marginS = BigInt(o.redeemMarginS ?? 60);
  const funding = createFundingCache((who) => getLeaseAccount(client, { leaseId, client: who }), marginS);
  let calls = 0;
  let inFlight = 0;

  /** Verifies the receipt against the newest accepted one (or the chain's redeemed state) and the deposit. */
  async function admit(header: string | undefined): Promise<{ receipt: UsageReceipt; previous: UsageReceipt | undefined }> {
    if (!header) throw new ServiceError('UsageReceiptMissing', `a call needs a usage receipt (${RECEIPT_HEADER})`);
    const receipt = parseUsageReceipt(header);
    const account = await funding.covering(receipt.client, receipt.amount);
    // the chain keeps the redeemed amount, not the calls: at the lease's price they are the same count
    const chainLast =
      account.sequence > 0n
        ? { ...receipt, sequence: account.sequence, calls: account.redeemedAmount / app.lease.pricePerCall }
        : undefined;
    const previous = ledger.newest(receipt.client);
    const last = previous && (!chainLast || previous.sequence > chainLast.sequence) ? previous : chainLast;
    try {
      await verifyUsageReceipt(client.deployment, { receipt, leaseId, pricePerCall: app.lease.pricePerCall, last });
    } catch (err) {
      const e = err as ServiceError;
      throw new ServiceError(e.code, e.message, undefined, e.details);
    }
    const now = BigInt(Math.floor(Date.now() / 1000));
    if (receipt.amount > account.funded || account.lockUntil < now + marginS) {
      throw new ServiceError(
        'ServicePaused',
        `lease ${leaseId} is paused for ${receipt.client}: its deposit does not cover this call`,
        402,
        {
          balance: account.balance.toString(),
          owed: (receipt.amount - account.redeemedAmount).toString(),
          lockUntil: account.lockUntil.toString(),
        },
      );
    }
    if (!ledger.accept(receipt)) {
      throw new ServiceError('UsageReceiptReplayed', `usage receipt ${receipt.sequence} of ${receipt.client} replayed`, 409);
    }
    return { receipt, previous };
  }

  async function call(body: Uint8Array, header: string | undefined) {
    const { receipt, previous } = await admit(header);
    try {
      const result = await pool.run({ module: app.module, files: { request: body }, seed: serviceIdOf(leaseId), limits });
      calls++;
      return { result, digest: computeResultDigest(result) };
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      // A deterministic failure of the module (trap, limits) is an answer the client paid for; a platform fault is not.
      if (!/^Sandbox(Trap|MemoryLimit|OutputLimit|Timeout|InvalidModule)$/.test(code)) ledger.undo(receipt, previous);
      throw err;
    }
  }

  const server: Server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/v1/health') return sendJson(res, 200, { ok: true, leaseId, calls, inFlight });
      if (req.method === 'GET' && path === '/v1/receipts') return sendJson(res, 200, { receipts: ledger.all().map((r) => toWire(r)) });
      if (req.method !== 'POST' || path !== '/v1/call')
        throw new ServiceError('ServiceRouteNotFound', `no route ${req.method} ${path}`, 404);
      inFlight++;
      try {
        const body = await readBody(req, o.maxRequestBytes ?? 1 << 20);
        const { result, digest } = await call(body, req.headers[RECEIPT_HEADER] as string | undefined);
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'x-proofgrid-exit-code': String(result.exitCode),
          'x-proofgrid-result-digest': digest,
          'x-proofgrid-wall-ms': String(result.usage.wallMs),
        });
        res.end(result.stdout);
      } finally {
        inFlight--;
      }
    } catch (err) {
      sendError(res, err);
    }
  });
  await new Promise<void>((ready) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    ledger,
    calls: () => calls,
    async close() {
      // in-flight calls finish; new connections are refused
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeIdleConnections();
      });
      await pool.close();
    },
  };
}
