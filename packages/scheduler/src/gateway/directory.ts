// What a gateway knows of each service (decision 029): the lease read on chain (cached), its endpoint
// records (each verified against the lease's provider, its expiry and the highest sequence per endpoint),
// the health measured per endpoint, and the newest receipt sequence forwarded per client (replays refused).
import {
  type EndpointBook,
  type EndpointRecord,
  type ProofgridClient,
  type ServiceLease,
  createEndpointBook,
  getLease,
  verifyEndpointRecord,
} from '@proofgrid/sdk';
import { ServiceError } from '@proofgrid/sdk/errors';

/** Per endpoint: calls, errors and an EWMA of latency; errors put an endpoint on probation. */
export type Health = { calls: number; errors: number; latencyMs: number | null; failedAt: number };

export type ServiceEntry = {
  lease: ServiceLease;
  /** When the lease was read (it is read again after `leaseTtlMs`: a close is seen). */
  readAt: number;
  book: EndpointBook;
  health: Map<string, Health>;
  /** client (lowercase) -> newest receipt sequence forwarded */
  sequences: Map<string, bigint>;
};

export type ServiceDirectory = {
  /** The service of `leaseId` (ServiceNotFound when no lease has it). */
  get(leaseId: bigint): Promise<ServiceEntry>;
  /** Verifies and stores a record (typed refusals: EndpointRecordForged, Expired, Replayed). */
  publish(record: EndpointRecord): Promise<void>;
  /** Live endpoints, healthiest first (probation after an error for `probationMs`). */
  ranked(entry: ServiceEntry): EndpointRecord[];
  observe(entry: ServiceEntry, endpoint: string, outcome: { ok: boolean; ms: number }): void;
  healthOf(entry: ServiceEntry, endpoint: string): Health;
};

const asService = (err: unknown): ServiceError => {
  const e = err as { code?: string; message?: string; details?: Record<string, unknown> };
  return err instanceof ServiceError
    ? err
    : new ServiceError(e.code ?? 'Internal', e.message ?? String(err), undefined, e.details ?? {}, 500);
};

/** A directory reading leases through `client` (any client of the deployment: it only reads). */
export function createServiceDirectory(client: ProofgridClient, { probationMs = 2000, leaseTtlMs = 30_000 } = {}): ServiceDirectory {
  const entries = new Map<bigint, Promise<ServiceEntry>>();
  const load = async (leaseId: bigint): Promise<ServiceEntry> => {
    try {
      const lease = await getLease(client, { leaseId });
      return { lease, readAt: Date.now(), book: createEndpointBook(), health: new Map(), sequences: new Map() };
    } catch (err) {
      if ((err as { code?: string }).code === 'LeaseUnknown')
        throw new ServiceError('ServiceNotFound', `no service svc:${leaseId}`, 404, { leaseId: String(leaseId) });
      throw asService(err);
    }
  };
  const healthOf = (entry: ServiceEntry, endpoint: string): Health => {
    let h = entry.health.get(endpoint);
    if (!h) entry.health.set(endpoint, (h = { calls: 0, errors: 0, latencyMs: null, failedAt: 0 }));
    return h;
  };
  const directory: ServiceDirectory = {
    async get(leaseId) {
      let entry = entries.get(leaseId);
      if (!entry) {
        entry = load(leaseId);
        entries.set(leaseId, entry);
        entry.catch(() => entries.delete(leaseId));
      }
      const known = await entry;
      if (Date.now() - known.readAt > leaseTtlMs) {
        known.readAt = Date.now();
        known.lease = await getLease(client, { leaseId }).catch(() => known.lease);
      }
      return known;
    },
    async publish(record) {
      const entry = await directory.get(record.leaseId);
      try {
        await verifyEndpointRecord(client.deployment, { record, provider: entry.lease.provider });
        entry.book.accept(record);
      } catch (err) {
        throw asService(err);
      }
    },
    ranked(entry) {
      const now = Date.now();
      const score = (r: EndpointRecord) => {
        const h = healthOf(entry, r.endpoint);
        const probation = now - h.failedAt < probationMs ? 1e6 : 0;
        return probation + (h.latencyMs ?? 0) + (h.calls > 0 ? (1000 * h.errors) / h.calls : 0);
      };
      return entry.book
        .live()
        .map((r, i) => ({ r, s: score(r), i }))
        .sort((a, b) => a.s - b.s || a.i - b.i)
        .map(({ r }) => r);
    },
    observe(entry, endpoint, { ok, ms }) {
      const h = healthOf(entry, endpoint);
      h.calls++;
      if (ok) h.latencyMs = h.latencyMs === null ? ms : 0.8 * h.latencyMs + 0.2 * ms;
      else {
        h.errors++;
        h.failedAt = Date.now();
      }
    },
    healthOf,
  };
  return directory;
}
