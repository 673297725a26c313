import { randomBytes } from 'node:crypto';
import { type Address, type Hex, parseAbiItem, parseEventLogs, verifyMessage } from 'viem';
import type { Account } from 'viem/accounts';
import {
  type DealKey,
  type ProofgridClient,
  ContractRevertError,
  NO_DATASET_ORDER,
  ProofgridError,
  appRegistryAbi,
  authorizeWorker,
  batchIdOf,
  buildResultTree,
  claim,
  decodeError,
  finalize,
  BATCH_STATUS,
  getBatchResult,
  getContribution,
  getBatchStatus,
  hubAbi,
  matchOrders,
  reopen,
  settle,
  taskIdOf,
} from '@proofgrid/sdk';
import { dealKeyFromWire, orderFromWire, registrationMessage, toWire, zLeaseDone, zLeaseFail, zLeaseResult, zRegisterWorker, parseRequestParams, zTaskList } from '@proofgrid/sdk/api';
import type { Logger } from 'pino';
import type { BlobStore } from './blobStore.ts';
import { type Ad, diagnose, rank as compileRank, requirement } from './matching/classad.ts';
import { type Db, getMeta, setMeta } from './db.ts';
import { ServiceError } from './errors.ts';
import type { Metrics } from './metrics.ts';
import { parseOr } from './matching/orderbook.ts';

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
  tickMs: number;
  /**
   * Blocks a DealMatched log must be under before the deal is acted on (research plan D6): a
   * match orphaned by a reorg no deeper than this is never worked on, and its request is matched
   * again. 0 (a local automining node, no reorgs) takes a deal in from the match receipt at once.
   */
  confirmations: number;
};

type DealRow = {
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
  status: string;
  unmatched: string | null;
  match_tx: Hex;
  created_at: number;
};
type BatchRow = { batch_id: Hex; deal_id: Hex; first: number; count: number; status: string; replicas: number; root: Hex | null; digests: string | null; tx: Hex | null; updated_at: number };
type LeaseRow = { lease_id: number; batch_id: Hex; worker: Address; status: string; expires_at: number; root: Hex | null; digests: string | null; error: string | null; tx: Hex | null; created_at: number };
type WorkerRow = { address: Address; name: string | null; resources: string; token: string; last_seen: number; done: number };

const dealMatchedEvent = parseAbiItem(
  'event DealMatched(bytes32 indexed dealId, address indexed requester, uint256 indexed workerpool, (bytes32 requestHash, uint256 requestConsumed, address requester, address callback, address appOwner, uint96 appPrice, address datasetOwner, uint96 datasetPrice, address poolOwner, uint96 poolPrice, address scheduler, uint256 app, uint256 dataset, uint256 workerpool, uint32 volume, uint32 trust, uint64 timeRef, uint40 startTime, uint96 workerStake, uint8 schedulerRewardRatio, bytes32 tag) key, bytes32 appOrderHash, bytes32 datasetOrderHash, bytes32 workerpoolOrderHash, string params)',
);
const DETERMINISTIC = /^(Sandbox(Trap|Timeout|MemoryLimit|OutputLimit|InvalidModule)|AppExitNonZero|ContentHashMismatch|BlobHashMismatch|DatasetRevoked|DatasetRestricted|DatasetDecryptFailed)/;
const ACTIVE_LEASE = "status in ('active', 'reported', 'contributed')";
const LIVE_LEASE = "status in ('active', 'reported', 'contributed', 'revealed', 'done')";

/**
 * The workerpool scheduler (X1, X2, X4): matches request orders with this pool's offer, takes
 * in deals from chain logs, splits them into batches, leases batches to workers (heartbeats,
 * reassignment), and drives replicated batches to consensus (finalize, reopen, claim).
 */
export function createEngine({ db, client, blobs, config, log, metrics }: { db: Db; client: ProofgridClient; blobs: BlobStore; config: EngineConfig; log: Logger; metrics: Metrics }) {
  const me = config.scheduler.address.toLowerCase();
  const allowWorkers = config.allowWorkers?.map((a) => a.toLowerCase());
  const allowRequesters = config.allowRequesters?.map((a) => a.toLowerCase());
  const retryAt = new Map<string, number>();
  const appCache = new Map<string, { uri: string; moduleHash: Hex; maxMemoryMb: number; tag: Hex }>();
  let txQueue: Promise<unknown> = Promise.resolve();
  /** Scheduler transactions go one at a time (one nonce sequence). */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = txQueue.then(fn, fn);
    txQueue = run.catch(() => undefined);
    return run;
  };

  // ---------------------------------------------------------------- workers
  // Worker rows live in memory (by address and by token) and in the database. A heartbeat only
  // touches memory: last_seen goes to the database in one transaction per second (write-behind;
  // a restart may see it up to a second old, and workers beat every TTL/4 anyway).
  const workerRows = new Map<string, WorkerRow>();
  const byToken = new Map<string, WorkerRow>();
  for (const w of db.prepare('select * from workers').all() as WorkerRow[]) {
    workerRows.set(w.address, w);
    byToken.set(w.token, w);
  }
  const seenDirty = new Set<WorkerRow>();
  const touch = (w: WorkerRow) => {
    w.last_seen = Date.now();
    seenDirty.add(w);
  };
  const flushSeen = db.transaction(() => {
    const st = db.prepare('update workers set last_seen = ? where address = ?');
    for (const w of seenDirty) st.run(w.last_seen, w.address);
    seenDirty.clear();
  });
  const ads = new WeakMap<WorkerRow, Ad>();

  async function register(body: unknown) {
    const r = parseOr(zRegisterWorker.safeParse(body), 'RegistrationInvalid', 'malformed registration');
    const address = r.address.toLowerCase() as Address;
    const nowS = Math.floor(Date.now() / 1000);
    if (Math.abs(nowS - r.timestamp) > 300) throw new ServiceError('RegistrationExpired', `registration timestamp ${r.timestamp} is more than 5 minutes off the scheduler's clock (${nowS})`, 401, { serverTime: nowS });
    const ok = await verifyMessage({ address: r.address, message: registrationMessage(r.address, r.timestamp), signature: r.signature }).catch(() => false);
    if (!ok) throw new ServiceError('WorkerSignatureInvalid', `registration is not signed by ${r.address}`, 401);
    if (allowWorkers && !allowWorkers.includes(address)) throw new ServiceError('WorkerNotAllowed', `worker ${r.address} is not on this private pool's allow-list`, 403);
    const token = randomBytes(24).toString('hex');
    const row = db
      .prepare(
        `insert into workers (address, name, resources, token, last_seen) values (?, ?, ?, ?, ?)
         on conflict(address) do update set name = excluded.name, resources = excluded.resources, token = excluded.token, last_seen = excluded.last_seen
         returning *`,
      )
      .get(address, r.name ?? null, JSON.stringify(r.resources), token, Date.now()) as WorkerRow;
    const old = workerRows.get(address);
    if (old) {
      byToken.delete(old.token);
      seenDirty.delete(old);
    }
    workerRows.set(address, row);
    byToken.set(token, row);
    log.info({ worker: address, resources: r.resources }, 'worker registered');
    return { token, leaseTtlMs: config.leaseTtlMs, heartbeatMs: Math.max(200, Math.floor(config.leaseTtlMs / 4)), workerpool: config.workerpool.toString() };
  }

  function authenticate(header: string | undefined): WorkerRow {
    const token = header?.replace(/^Bearer\s+/i, '');
    const row = token ? byToken.get(token) : undefined;
    if (!row) throw new ServiceError('WorkerUnauthorized', 'unknown or missing worker token: register first (POST /v1/workers/register)', 401);
    return row;
  }

  /**
   * Keeps a worker online and extends the leases it says it holds; a lease of this worker it does
   * not list (lost in a crash of the worker or of the scheduler) expires and its work goes back.
   */
  function heartbeat(worker: WorkerRow, body?: unknown) {
    touch(worker);
    const now = worker.last_seen;
    const held = (body as { leases?: unknown } | undefined)?.leases;
    let n: number;
    if (Array.isArray(held)) {
      const ids = held.filter((x): x is number => Number.isInteger(x));
      const live = db.prepare(`select lease_id from leases where worker = ? and ${ACTIVE_LEASE}`).all(worker.address) as { lease_id: number }[];
      const extend = db.prepare('update leases set expires_at = ? where lease_id = ?');
      n = 0;
      for (const { lease_id } of live) {
        // A lease granted in the last TTL may not be in the worker's list yet (in flight).
        if (ids.includes(lease_id)) n += extend.run(now + config.leaseTtlMs, lease_id).changes;
      }
    } else {
      n = db.prepare(`update leases set expires_at = ? where worker = ? and ${ACTIVE_LEASE}`).run(now + config.leaseTtlMs, worker.address).changes;
    }
    metrics.heartbeats.inc();
    return { ok: true, leases: n };
  }

  const online = (w: WorkerRow) => Date.now() - w.last_seen < config.leaseTtlMs;
  const adOf = (w: WorkerRow): Ad => {
    let ad = ads.get(w);
    if (!ad) ads.set(w, (ad = { ...(JSON.parse(w.resources) as Ad), address: w.address }));
    return ad;
  };

  // ---------------------------------------------------------------- leasing
  /** A deal's parsed params, compiled requirement and rank: its terms never change, so once per deal. */
  const plans = new Map<string, { params: ReturnType<typeof parseRequestParams>; requirement: ReturnType<typeof requirement>; rank?: (ad: Ad) => number }>();
  function planOf(deal: DealRow) {
    let plan = plans.get(deal.deal_id);
    if (!plan) {
      const params = parseRequestParams(deal.params);
      const base = `memoryMb >= ${deal.app_memory_mb}`;
      plan = { params, requirement: requirement(params.requirements ? `${base} && (${params.requirements})` : base), rank: params.rank ? compileRank(params.rank) : undefined };
      if (plans.size >= 1000) plans.delete(plans.keys().next().value as string);
      plans.set(deal.deal_id, plan);
    }
    return plan;
  }

  /** Whether `worker` was ever given a batch of the deal (whatever became of the lease). */
  const hadWork = (dealId: string, worker: string) =>
    !!db.prepare('select 1 from leases l join batches b on b.batch_id = l.batch_id where b.deal_id = ? and l.worker = ? limit 1').get(dealId, worker);

  /** Gives a worker the next batch it may run, or null with the reason. */
  async function nextLease(worker: WorkerRow) {
    touch(worker);
    const ad = adOf(worker);
    const candidates = db
      .prepare(
        `select b.* from batches b join deals d on d.deal_id = b.deal_id
         where b.status in ('pending', 'running') and d.status = 'running'
           and (select count(*) from leases l where l.batch_id = b.batch_id and l.${LIVE_LEASE}) < b.replicas
           and not exists (select 1 from leases l where l.batch_id = b.batch_id and l.worker = ? and (l.${LIVE_LEASE} or (l.status = 'failed' and l.error like 'D:%')
                or l.status = 'rejected' or (d.trust > 1 and l.tx is not null)))
         order by d.created_at, b.first limit 200`,
      )
      .all(worker.address) as BatchRow[];
    const deals = new Map<string, DealRow>();
    const fitting: { b: BatchRow; deal: DealRow; score: number }[] = [];
    // A bag is spread over the pool: a worker that already had work of a deal leaves the deal's next
    // batch to an online worker that holds no lease, never had work of this deal and can run it (it
    // takes it at its next poll). Deferring only to such newcomers cannot go round in a circle.
    let idle: WorkerRow[] | undefined;
    const idleWorkers = () => {
      if (!idle) {
        const busy = new Set((db.prepare(`select distinct worker from leases where ${ACTIVE_LEASE}`).all() as { worker: string }[]).map((r) => r.worker));
        idle = onlineWorkers().filter((w) => w.address !== worker.address && !busy.has(w.address));
      }
      return idle;
    };
    const worked = new Set((db.prepare(`select distinct b.deal_id from leases l join batches b on b.batch_id = l.batch_id where l.worker = ? and l.${LIVE_LEASE}`).all(worker.address) as { deal_id: string }[]).map((r) => r.deal_id));
    for (const b of candidates) {
      const deal = deals.get(b.deal_id) ?? (db.prepare('select * from deals where deal_id = ?').get(b.deal_id) as DealRow);
      deals.set(b.deal_id, deal);
      const plan = planOf(deal);
      if (!plan.requirement.test(ad)) continue;
      if (worked.has(b.deal_id) && idleWorkers().some((w) => plan.requirement.test(adOf(w)) && !hadWork(b.deal_id, w.address))) continue;
      fitting.push({ b, deal, score: plan.rank?.(ad) ?? 0 });
      if (!plan.rank) break;
    }
    if (fitting.length === 0) return { lease: null, reason: candidates.length ? 'no pending work fits this worker' : 'no pending work' };
    fitting.sort((x, y) => y.score - x.score);
    const { b, deal } = fitting[0] as { b: BatchRow; deal: DealRow };
    const key = dealKeyFromWire(JSON.parse(deal.key));
    const authorization = await authorizeWorker(config.scheduler, { key, first: b.first, count: b.count, worker: worker.address });
    const now = Date.now();
    // A second lease of the same batch to the same worker keeps the root and digests it reported
    // last time: its push may have landed on chain while the answer was lost (then they are the
    // only record of the agreed digests, and the new run reports the same ones again).
    const leaseId = Number(
      (db
        .prepare(
          `insert into leases (batch_id, worker, status, expires_at, created_at) values (?, ?, 'active', ?, ?)
           on conflict(batch_id, worker) do update set status = 'active', expires_at = excluded.expires_at, error = null, tx = null
           returning lease_id`,
        )
        .get(b.batch_id, worker.address, now + config.leaseTtlMs, now) as { lease_id: number }).lease_id,
    );
    if (b.status === 'pending') db.prepare("update batches set status = 'running', updated_at = ? where batch_id = ?").run(now, b.batch_id);
    metrics.leases.inc();
    const tasks = tasksOf(deal, b.first, b.count);
    log.debug({ leaseId, worker: worker.address, batch: b.batch_id, first: b.first, count: b.count }, 'lease granted');
    return {
      lease: {
        leaseId,
        dealId: deal.deal_id,
        batchId: b.batch_id,
        key: toWire(key),
        first: b.first,
        count: b.count,
        trust: deal.trust,
        app: { uri: deal.app_uri, moduleHash: deal.module_hash, memoryMb: deal.app_memory_mb },
        limits: { memoryMb: Math.max(deal.app_memory_mb, 16), timeoutMs: Math.min(deal.category_max_s * 1000, planOf(deal).params.maxRunMs ?? Number.MAX_SAFE_INTEGER, 10 * 60_000), maxOutputBytes: 16 << 20 },
        tasks,
        authorization,
        expiresAt: now + config.leaseTtlMs,
      },
    };
  }

  function tasksOf(deal: DealRow, first: number, count: number) {
    const { params } = planOf(deal);
    const dealId = deal.deal_id;
    const list = params.tasks ? taskList(params.tasks) : undefined;
    return Array.from({ length: count }, (_, i) => {
      const index = first + i;
      const t = list?.[index];
      return { index, taskId: taskIdOf(dealId, index), seed: taskIdOf(dealId, index), args: t?.args ?? params.args ?? [], files: t?.files ?? {} };
    });
  }

  /** Parsed task lists, by content hash (immutable, so cached; a few recent ones). */
  const taskLists = new Map<string, ReturnType<typeof zTaskList.parse>['tasks']>();
  function taskList(hash: string) {
    let list = taskLists.get(hash);
    if (!list) {
      list = zTaskList.parse(JSON.parse(blobs.get(hash).toString('utf8'))).tasks;
      if (taskLists.size >= 16) taskLists.delete(taskLists.keys().next().value as string);
      taskLists.set(hash, list);
    }
    return list;
  }

  function leaseOf(worker: WorkerRow, id: string): LeaseRow {
    const lease = db.prepare('select * from leases where lease_id = ?').get(Number(id)) as LeaseRow | undefined;
    if (!lease || lease.worker !== worker.address) throw new ServiceError('LeaseNotFound', `no lease ${id} for worker ${worker.address}`, 404);
    return lease;
  }

  /** A worker reports its batch results (before it writes them on chain). */
  function reportResults(worker: WorkerRow, id: string, body: unknown) {
    const lease = leaseOf(worker, id);
    if (lease.status === 'expired' || lease.status === 'failed') throw new ServiceError('LeaseExpired', `lease ${id} has ${lease.status}; its batch went to another worker`, 409);
    const r = parseOr(zLeaseResult.safeParse(body), 'LeaseResultInvalid', 'malformed result report');
    const b = db.prepare('select * from batches where batch_id = ?').get(lease.batch_id) as BatchRow;
    if (r.digests.length !== b.count) throw new ServiceError('LeaseResultInvalid', `expected ${b.count} digests, got ${r.digests.length}`, 400);
    const { root } = buildResultTree(b.first, r.digests);
    if (root.toLowerCase() !== r.root.toLowerCase()) throw new ServiceError('LeaseResultInvalid', `the digests' Merkle root is ${root}, not ${r.root}`, 400);
    for (const d of r.digests) if (!blobs.has(d)) throw new ServiceError('BlobNotFound', `result blob ${d} was not uploaded`, 404, { hash: d });
    db.prepare(`update leases set status = 'reported', root = ?, digests = ?, expires_at = ? where lease_id = ?`).run(r.root, JSON.stringify(r.digests), Date.now() + config.leaseTtlMs, lease.lease_id);
    return { ok: true };
  }

  /** A worker says what it did on chain; the chain is checked, not trusted. */
  async function reportDone(worker: WorkerRow, id: string, body: unknown) {
    const lease = leaseOf(worker, id);
    const r = parseOr(zLeaseDone.safeParse(body), 'LeaseDoneInvalid', 'malformed done report');
    const status = r.phase === 'pushed' ? 'done' : r.phase;
    db.prepare('update leases set status = ?, tx = ? where lease_id = ?').run(status, r.tx, lease.lease_id);
    if (r.phase === 'pushed' || r.phase === 'revealed') {
      db.prepare('update workers set done = done + 1 where address = ?').run(worker.address);
      worker.done++;
    }
    await syncBatch(lease.batch_id);
    return { ok: true };
  }

  function reportFail(worker: WorkerRow, id: string, body: unknown) {
    const lease = leaseOf(worker, id);
    const r = parseOr(zLeaseFail.safeParse(body), 'LeaseFailInvalid', 'malformed failure report');
    // A contribution a reopened batch rejected: that worker can never contribute to it again.
    if (r.code === 'ContributionRejected') {
      db.prepare("update leases set status = 'rejected', error = ? where lease_id = ?").run(`${r.code}: ${r.message}`, lease.lease_id);
      return { ok: true };
    }
    // A deterministic failure (the app traps, exits non-zero, hits a limit, or its content does not
    // match its hash) fails the same way on every worker: 'D:' marks it, and two of them (or every
    // online worker) fail the batch. Anything else (a crash, a network error) may be retried.
    const deterministic = DETERMINISTIC.test(r.code);
    db.prepare("update leases set status = 'failed', error = ? where lease_id = ?").run(`${deterministic ? 'D:' : ''}${r.code}: ${r.message}`, lease.lease_id);
    log.warn({ lease: id, worker: worker.address, code: r.code }, r.message);
    if (deterministic) {
      const n = (db.prepare("select count(*) n from leases where batch_id = ? and status = 'failed' and error like 'D:%'").get(lease.batch_id) as { n: number }).n;
      if (n >= Math.min(2, Math.max(1, onlineWorkers().length))) {
        db.prepare("update batches set status = 'failed', updated_at = ? where batch_id = ? and status in ('pending', 'running')").run(Date.now(), lease.batch_id);
        const b = db.prepare('select deal_id from batches where batch_id = ?').get(lease.batch_id) as { deal_id: Hex };
        checkDealDone(b.deal_id);
      }
    } else {
      // The worker may have failed after its result landed on chain (an answer lost on the way
      // back): look at the chain now rather than lease the batch again.
      void syncBatch(lease.batch_id).catch((err) => log.warn({ batch: lease.batch_id, err: String(err) }, 'sync after a failure report failed'));
    }
    return { ok: true };
  }

  // ---------------------------------------------------------------- matching (M3)
  async function matchRequests() {
    const requests = db.prepare("select * from orders where kind = 'request' and status = 'open' and (workerpool = '0' or workerpool = ?) order by created_at limit 20").all(config.workerpool.toString()) as OrderDb[];
    for (const req of requests) {
      if ((retryAt.get(req.hash) ?? 0) > Date.now()) continue;
      const r = JSON.parse(req.body) as Record<string, string>;
      if (Number(r.expiry) !== 0 && Number(r.expiry) <= Date.now() / 1000) {
        db.prepare("update orders set status = 'expired' where hash = ?").run(req.hash);
        continue;
      }
      if (allowRequesters && !allowRequesters.includes((r.requester as string).toLowerCase())) {
        setReason(req.hash, `RequesterNotAllowed: this private pool does not serve ${r.requester}`, 60_000);
        continue;
      }
      const pick = (sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as OrderDb[];
      const apps = pick("select * from orders where kind = 'app' and status = 'open' and asset = ? order by created_at", r.app).filter((o) => fits(o, r, 'app'));
      const datasets = r.dataset === '0' ? [undefined] : pick("select * from orders where kind = 'dataset' and status = 'open' and asset = ? order by created_at", r.dataset).filter((o) => fits(o, r, 'dataset'));
      const pools = pick("select * from orders where kind = 'workerpool' and status = 'open' and asset = ? and signer is not null order by created_at", config.workerpool.toString()).filter((o) => fits(o, r, 'workerpool'));
      const missing = !apps.length ? 'app' : !datasets.length ? 'dataset' : !pools.length ? 'workerpool' : undefined;
      if (missing) {
        setReason(req.hash, `NoMatchingOrder: no open ${missing} order fits this request (price, restrictions, category ${r.category}, trust ${r.trust})`, 1000);
        continue;
      }
      const order = (o: OrderDb | undefined) => (o ? orderFromWire(JSON.parse(o.body) as Record<string, unknown>) : undefined);
      try {
        const { receipt } = await serial(() =>
          matchOrders(client, { appOrder: order(apps[0]) as never, datasetOrder: (order(datasets[0]) ?? NO_DATASET_ORDER) as never, workerpoolOrder: order(pools[0]) as never, requestOrder: order(req) as never }),
        );
        metrics.deals.inc();
        const used = [apps[0], datasets[0], pools[0], req].filter((o): o is OrderDb => !!o);
        for (const o of used) await refreshConsumed(o);
        setReason(req.hash, null, 0);
        if (config.confirmations === 0) await intakeLogs(receipt.logs as never);
        else db.prepare('insert or ignore into matches (tx, request_hash, orders, created_at) values (?, ?, ?, ?)').run(receipt.transactionHash, req.hash, JSON.stringify(used.map((o) => o.hash)), Date.now());
      } catch (err) {
        const e = decodeError(err);
        const user = e instanceof ContractRevertError;
        setReason(req.hash, `${e.code}: ${e.shortMessage}`, user ? 3000 : 1000);
        if (user && /^Order(FullyConsumed|Expired)|Deal(PriceTooHigh|TrustTooHigh|CategoryMismatch)/.test(e.code)) {
          for (const o of [apps[0], datasets[0], pools[0], req]) if (o) await refreshConsumed(o);
        }
        log.info({ request: req.hash, code: e.code }, 'match failed');
      }
    }
  }

  function setReason(hash: string, reason: string | null, retryMs: number) {
    db.prepare('update orders set reason = ? where hash = ?').run(reason, hash);
    if (retryMs) retryAt.set(hash, Date.now() + retryMs);
    else retryAt.delete(hash);
  }

  async function refreshConsumed(o: OrderDb) {
    const body = JSON.parse(o.body) as Record<string, string>;
    const volume = BigInt(o.volume);
    const consumed =
      o.kind === 'request'
        ? ((await client.public.readContract({ address: client.deployment.hub, abi: hubAbi, functionName: 'requestConsumedOf', args: [o.hash, volume] })) as bigint)
        : ((await client.public.readContract({ address: client.deployment.hub, abi: hubAbi, functionName: 'consumedOf', args: [o.hash] })) as bigint);
    const expired = Number(body.expiry) !== 0 && Number(body.expiry) <= Date.now() / 1000;
    // A filled order whose fill a reorg undid is open again.
    const status = consumed >= volume ? 'filled' : expired ? 'expired' : o.status === 'filled' ? 'open' : o.status;
    db.prepare('update orders set consumed = ?, status = ? where hash = ?').run(consumed.toString(), status, o.hash);
  }

  // ---------------------------------------------------------------- deal intake
  async function pollDeals() {
    const from = BigInt(getMeta(db, 'lastBlock') ?? String(client.deployment.startBlock ?? 0n));
    const head = await client.public.getBlockNumber();
    if (config.confirmations > 0) await checkMatches(head);
    const safe = head - BigInt(config.confirmations);
    if (safe < from) return;
    const logs = await client.public.getLogs({ address: client.deployment.hub, event: dealMatchedEvent, args: { workerpool: config.workerpool }, fromBlock: from, toBlock: safe });
    await intakeLogs(logs as never);
    setMeta(db, 'lastBlock', (safe + 1n).toString());
  }

  /**
   * This scheduler's matches not yet `confirmations` deep: one whose transaction left the chain
   * (a reorg) reopens its orders as the chain now has them, so the request is matched again.
   */
  async function checkMatches(head: bigint) {
    const rows = db.prepare('select * from matches').all() as { tx: Hex; request_hash: Hex; orders: string }[];
    for (const m of rows) {
      const receipt = await client.public.getTransactionReceipt({ hash: m.tx }).catch(() => null);
      if (receipt && receipt.blockNumber + BigInt(config.confirmations) > head) continue;
      if (!receipt) {
        log.warn({ tx: m.tx, request: m.request_hash }, 'a match left the chain (reorg): its orders are reopened');
        metrics.reorgedMatches.inc();
        for (const hash of JSON.parse(m.orders) as string[]) {
          const o = db.prepare('select * from orders where hash = ?').get(hash) as OrderDb | undefined;
          if (o) await refreshConsumed(o);
        }
      }
      db.prepare('delete from matches where tx = ?').run(m.tx);
    }
  }

  async function intakeLogs(logs: { topics: Hex[]; data: Hex; transactionHash: Hex }[]) {
    const events = parseEventLogs({ abi: hubAbi, logs: logs as never, eventName: 'DealMatched' }) as unknown as { args: { dealId: Hex; key: DealKey; params: string }; transactionHash: Hex }[];
    for (const ev of events) {
      const { dealId, key, params } = ev.args;
      if (key.workerpool !== config.workerpool || key.scheduler.toLowerCase() !== me) continue;
      if (db.prepare('select 1 from deals where deal_id = ?').get(dealId)) continue;
      const app = await appInfo(key.app);
      const workers = Math.max(1, onlineWorkers().length);
      let unmatched: string | null = null;
      let wanted = 1;
      try {
        const p = parseRequestParams(params);
        wanted = p.replicas ?? 1;
        if (p.tasks && !blobs.has(p.tasks)) unmatched = `task list ${p.tasks} is not in this pool's content store`;
      } catch (e) {
        unmatched = `request params invalid: ${(e as Error).message}`;
      }
      const replicas = key.trust <= 1 ? 1 : Math.max(initialReplicas(key.trust), wanted);
      // Batches: enough to spread the bag over the online workers, each at most maxBatch tasks.
      const per = Math.max(1, Math.min(config.maxBatch, Math.ceil(key.volume / (key.trust <= 1 ? workers : Math.max(1, Math.floor(workers / replicas))))));
      const now = Date.now();
      const insert = db.transaction(() => {
        db.prepare(
          `insert into deals (deal_id, request_hash, requester, key, app_uri, module_hash, app_memory_mb, params, category_max_s, trust, volume, status, unmatched, match_tx, created_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(dealId, key.requestHash, key.requester.toLowerCase(), JSON.stringify(toWire(key)), app.uri, app.moduleHash, app.maxMemoryMb, params, Number(key.timeRef), key.trust, key.volume, unmatched ? 'failed' : 'running', unmatched, ev.transactionHash, now);
        for (let first = 0; first < key.volume; first += per) {
          const count = Math.min(per, key.volume - first);
          db.prepare(`insert into batches (batch_id, deal_id, first, count, status, replicas, updated_at) values (?, ?, ?, ?, 'pending', ?, ?)`).run(batchIdOf(dealId, first, count), dealId, first, count, replicas, now);
        }
      });
      insert();
      log.info({ dealId, volume: key.volume, trust: key.trust, batchSize: per, replicas }, 'deal taken in');
    }
  }

  /** Fresh workers (weight 2) needed to reach `trust` when they all agree: 2^n·T > (1+2^n)(T-1). */
  function initialReplicas(trust: number) {
    for (let n = 1; n <= 20; n++) {
      const g = 2 ** n;
      if (g * trust > (1 + g) * (trust - 1)) return n;
    }
    return 20;
  }

  async function appInfo(app: bigint) {
    const cached = appCache.get(app.toString());
    if (cached) return cached;
    const a = (await client.public.readContract({ address: client.deployment.apps, abi: appRegistryAbi, functionName: 'appOf', args: [app] })) as { uri: string; moduleHash: Hex; maxMemoryMb: number; tag: Hex };
    const info = { uri: a.uri, moduleHash: a.moduleHash, maxMemoryMb: Number(a.maxMemoryMb), tag: a.tag };
    appCache.set(app.toString(), info);
    return info;
  }

  // ---------------------------------------------------------------- batches on chain
  async function chainStatus(deal: DealRow, b: BatchRow) {
    const key = dealKeyFromWire(JSON.parse(deal.key));
    return { key, status: await getBatchStatus(client, { key, first: b.first, count: b.count }) };
  }

  /** Moves one batch along from what the chain says. */
  async function syncBatch(batchId: Hex) {
    const b = db.prepare('select * from batches where batch_id = ?').get(batchId) as BatchRow | undefined;
    if (!b || b.status === 'finalized' || b.status === 'claimed') return;
    if (b.status === 'failed') db.prepare('update batches set updated_at = ? where batch_id = ?').run(Date.now(), b.batch_id);
    const deal = db.prepare('select * from deals where deal_id = ?').get(b.deal_id) as DealRow;
    const { key, status } = await chainStatus(deal, b);
    const now = Date.now();
    if (status === 'Finalized' || status === 'Settled' || status === 'Settleable') {
      const view = { resultRoot: ((await getBatchResult(client, b.batch_id)).root ?? '0x') as Hex };
      const agreed = (db.prepare(`select * from leases where batch_id = ? and root is not null`).all(b.batch_id) as LeaseRow[]).find((l) => (l.root as string).toLowerCase() === view.resultRoot.toLowerCase());
      db.prepare("update batches set status = 'finalized', root = ?, digests = ?, updated_at = ? where batch_id = ?").run(view.resultRoot, agreed?.digests ?? null, now, b.batch_id);
      db.prepare(`update leases set status = 'done' where batch_id = ? and status in ('active','reported','contributed','revealed') and root = ?`).run(b.batch_id, view.resultRoot);
      metrics.tasksDone.inc(b.count);
      return checkDealDone(deal.deal_id);
    }
    if (status === 'Claimable') {
      try {
        await serial(() => claim(client, { key, first: b.first, count: b.count }));
      } catch (err) {
        log.warn({ batch: b.batch_id, code: decodeError(err).code }, 'claim failed');
      }
      db.prepare("update batches set status = 'claimed', updated_at = ? where batch_id = ?").run(now, b.batch_id);
      return checkDealDone(deal.deal_id);
    }
    if (status === 'Claimed' || status === 'Overturned') {
      db.prepare("update batches set status = 'claimed', updated_at = ? where batch_id = ?").run(now, b.batch_id);
      return checkDealDone(deal.deal_id);
    }
    if (key.trust <= 1) return;
    const leases = db.prepare('select * from leases where batch_id = ?').all(b.batch_id) as LeaseRow[];
    if (status === 'Revealing') {
      if (b.status !== 'revealing') db.prepare("update batches set status = 'revealing', updated_at = ? where batch_id = ?").run(now, b.batch_id);
      // Finalize once no live contributor still has to reveal; the chain re-checks the rule and
      // answers BatchRevealPending while a member of the agreed group may still reveal.
      if (leases.some((l) => ['active', 'reported', 'contributed'].includes(l.status))) return;
      try {
        await serial(() => finalize(client, { key, first: b.first, count: b.count }));
        return syncBatch(batchId);
      } catch (err) {
        const e = decodeError(err);
        if (e.code === 'BatchRevealPending') return;
        if (e.code === 'BatchConsensusNotMet') {
          try {
            await serial(() => reopen(client, { key, first: b.first, count: b.count }));
            db.prepare("update batches set status = 'running', replicas = replicas + 1, updated_at = ? where batch_id = ?").run(now, b.batch_id);
            await dropRejected(b.batch_id, leases);
          } catch {
            /* reveal window still open: try again on a later tick */
          }
        } else log.warn({ batch: b.batch_id, code: e.code }, 'finalize failed');
      }
      return;
    }
    // Active or None. Revealing here before: someone else reopened the batch.
    if (b.status === 'revealing') {
      db.prepare("update batches set status = 'running', updated_at = ? where batch_id = ?").run(now, b.batch_id);
      await dropRejected(b.batch_id, leases);
    }
    // Add a replica when every live lease has contributed without consensus.
    const live = leases.filter((l) => ['active', 'reported', 'contributed', 'revealed'].includes(l.status));
    const busy = live.filter((l) => l.status === 'active' || l.status === 'reported');
    if (busy.length === 0 && live.length >= b.replicas && b.replicas < 20) {
      db.prepare('update batches set replicas = replicas + 1, updated_at = ? where batch_id = ?').run(now, b.batch_id);
      log.info({ batch: b.batch_id, replicas: b.replicas + 1 }, 'no consensus yet: one more replica');
    }
  }

  /**
   * After a reopen: the chain rejected the contributions agreed on but never revealed. Those leases
   * (live, or expired with their worker gone quiet) are dead for good: their workers cannot
   * contribute again, and others take their place.
   */
  async function dropRejected(batchId: Hex, leases: LeaseRow[]) {
    for (const l of leases.filter((x) => x.status === 'contributed' || (x.status === 'expired' && x.tx))) {
      const c = await getContribution(client, { batchId, worker: l.worker });
      if (c.status === 'Rejected') {
        db.prepare("update leases set status = 'rejected' where lease_id = ?").run(l.lease_id);
        l.status = 'rejected';
      }
    }
  }

  function checkDealDone(dealId: Hex) {
    const open = db.prepare("select count(*) n from batches where deal_id = ? and status not in ('finalized', 'claimed', 'failed')").get(dealId) as { n: number };
    if (open.n === 0) {
      const claimed = (db.prepare("select count(*) n from batches where deal_id = ? and status in ('claimed', 'failed')").get(dealId) as { n: number }).n;
      db.prepare('update deals set status = ? where deal_id = ?').run(claimed ? 'failed' : 'completed', dealId);
      log.info({ dealId }, claimed ? 'deal ended with claimed tasks' : 'deal completed');
    }
  }

  async function expireLeases() {
    const now = Date.now();
    const expired = db.prepare(`select * from leases where ${ACTIVE_LEASE} and expires_at < ?`).all(now) as LeaseRow[];
    for (const l of expired) {
      db.prepare("update leases set status = 'expired' where lease_id = ?").run(l.lease_id);
      metrics.leasesExpired.inc();
      log.warn({ lease: l.lease_id, worker: l.worker, batch: l.batch_id }, 'lease expired: the batch goes back to the pool');
      await syncBatch(l.batch_id);
      const b = db.prepare('select * from batches where batch_id = ?').get(l.batch_id) as BatchRow;
      if (b.status === 'running' && !(db.prepare(`select 1 from leases where batch_id = ? and ${LIVE_LEASE}`).get(l.batch_id))) {
        db.prepare("update batches set status = 'pending' where batch_id = ?").run(l.batch_id);
      }
    }
  }

  function diagnoseDeals() {
    const ads = onlineWorkers().map(adOf);
    const running = db.prepare("select * from deals where status = 'running'").all() as DealRow[];
    for (const d of running) {
      const why = diagnose(planOf(d).requirement, ads) || null;
      if (why !== d.unmatched) db.prepare('update deals set unmatched = ? where deal_id = ?').run(why, d.deal_id);
    }
  }

  /**
   * Payouts under a rollback window (P6): finalized batches become settleable when the window has
   * passed; the scheduler settles them, all batches of a deal in one transaction.
   */
  async function settleFinalized() {
    const rows = db
      .prepare("select b.batch_id, b.first, b.count, d.key, d.deal_id from batches b join deals d on d.deal_id = b.deal_id where b.status = 'finalized' and b.settled = 0 and b.updated_at < ? order by b.updated_at limit 200")
      .all(Date.now() - 1000) as { batch_id: Hex; first: number; count: number; key: string; deal_id: Hex }[];
    const due = new Map<string, { key: DealKey; batches: { id: Hex; first: number; count: number }[] }>();
    for (const r of rows) {
      // One read of the stored batch: its status and, once finalized, when its window ends.
      const v = (await client.public.readContract({ address: client.deployment.hub, abi: hubAbi, functionName: 'batchOf', args: [r.batch_id] })) as unknown as { status: number; finalizedAt: number };
      const status = BATCH_STATUS[v.status] ?? 'None';
      // 'None' for a batch finalized on chain: settled at once, it keeps no storage (no window).
      if (status === 'Settled' || status === 'Overturned' || status === 'None') db.prepare('update batches set settled = 1 where batch_id = ?').run(r.batch_id);
      else if (status === 'Finalized' && v.finalizedAt <= Date.now() / 1000) {
        // Past its release time (`finalizedAt` holds it) even when the chain's last block is older
        // than the window (no block since, e.g. an idle automining devnet): the settle's block is not.
        const entry = due.get(r.deal_id) ?? { key: dealKeyFromWire(JSON.parse(r.key)), batches: [] };
        entry.batches.push({ id: r.batch_id, first: r.first, count: r.count });
        due.set(r.deal_id, entry);
      } else db.prepare('update batches set updated_at = ? where batch_id = ?').run(Date.now() + 5000, r.batch_id); // window still open
    }
    for (const [dealId, { key, batches }] of due) {
      try {
        await serial(() => settle(client, { key, batches }));
        for (const b of batches) db.prepare('update batches set settled = 1 where batch_id = ?').run(b.id);
        log.info({ dealId, batches: batches.length }, 'settled after the rollback window');
      } catch (err) {
        log.warn({ dealId, code: decodeError(err).code }, 'settle failed');
      }
    }
  }

  const onlineWorkers = () => [...workerRows.values()].filter(online);

  // ---------------------------------------------------------------- the loop
  let timer: NodeJS.Timeout | undefined;
  let seenTimer: NodeJS.Timeout | undefined;
  let busy = false;
  let stopped = false;
  let lastSlow = 0;
  async function tick() {
    if (busy || stopped) return;
    busy = true;
    try {
      await pollDeals();
      await matchRequests();
      await expireLeases();
      const now = Date.now();
      if (now - lastSlow > 500) {
        lastSlow = now;
        diagnoseDeals();
        await settleFinalized();
        const replicated = db.prepare("select b.batch_id from batches b join deals d on d.deal_id = b.deal_id where b.status in ('running', 'revealing') and d.trust > 1").all() as { batch_id: Hex }[];
        for (const { batch_id } of replicated) await syncBatch(batch_id);
        const late = db.prepare("select b.batch_id from batches b where b.status in ('pending', 'running', 'failed') and b.updated_at < ?").all(now - 30_000) as { batch_id: Hex }[];
        for (const { batch_id } of late) await syncBatch(batch_id);
      }
    } catch (err) {
      log.error({ err: err instanceof ProofgridError ? err.toJSON() : String(err) }, 'scheduler tick failed');
    } finally {
      busy = false;
    }
  }

  return {
    register,
    authenticate,
    heartbeat,
    nextLease,
    reportResults,
    reportDone,
    reportFail,
    tick,
    start() {
      timer = setInterval(() => void tick(), config.tickMs);
      seenTimer = setInterval(() => flushSeen(), 1000);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      clearInterval(seenTimer);
      flushSeen();
      await txQueue;
    },
    onlineWorkers,
    workers: () => [...workerRows.values()].sort((a, b) => (a.address < b.address ? -1 : 1)),
    online,
    dealView,
    requestStatus,
  };

  // ---------------------------------------------------------------- views
  function dealView(dealId: string) {
    const d = db.prepare('select * from deals where deal_id = ?').get(dealId.toLowerCase()) as DealRow | undefined;
    if (!d) throw new ServiceError('DealNotFound', `no deal ${dealId} in this pool`, 404, { dealId });
    const batches = db.prepare('select * from batches where deal_id = ? order by first').all(d.deal_id) as BatchRow[];
    const leases = db.prepare(`select l.* from leases l join batches b on b.batch_id = l.batch_id where b.deal_id = ?`).all(d.deal_id) as LeaseRow[];
    const tasks: unknown[] = [];
    const counts: Record<string, number> = {};
    for (const b of batches) {
      const ls = leases.filter((l) => l.batch_id === b.batch_id);
      const digests = b.digests ? (JSON.parse(b.digests) as Hex[]) : undefined;
      const status = b.status === 'finalized' ? 'finalized' : b.status === 'claimed' ? 'claimed' : b.status === 'failed' ? 'failed' : ls.some((l) => ['contributed', 'revealed'].includes(l.status)) || b.status === 'revealing' ? 'contributed' : ls.some((l) => l.status === 'active' || l.status === 'reported') ? 'running' : 'pending';
      for (let i = 0; i < b.count; i++) {
        counts[status] = (counts[status] ?? 0) + 1;
        tasks.push({ index: b.first + i, status, digest: digests?.[i], workers: ls.map((l) => l.worker), attempts: ls.length, batchId: b.batch_id, error: ls.find((l) => l.error)?.error ?? undefined });
      }
    }
    return {
      dealId: d.deal_id,
      key: JSON.parse(d.key),
      status: d.status,
      app: { id: JSON.parse(d.key).app, uri: d.app_uri, moduleHash: d.module_hash },
      params: d.params,
      tasks,
      batches: batches.map((b) => ({ batchId: b.batch_id, first: b.first, count: b.count, status: b.status, replicas: b.replicas, workers: leases.filter((l) => l.batch_id === b.batch_id).map((l) => ({ address: l.worker, status: l.status })), root: b.root ?? undefined })),
      counts,
      unmatched: d.unmatched ?? undefined,
      matchTx: d.match_tx,
      createdAt: d.created_at,
    };
  }

  function requestStatus(hash: string) {
    const row = db.prepare('select * from orders where hash = ? and kind = ?').get(hash.toLowerCase(), 'request') as OrderDb | undefined;
    if (!row) throw new ServiceError('OrderNotFound', `no request order ${hash} in the book`, 404, { hash });
    const deals = (db.prepare('select deal_id from deals where request_hash = ? order by created_at').all(row.hash) as { deal_id: Hex }[]).map((d) => d.deal_id);
    return { hash: row.hash, status: deals.length && row.status === 'open' ? 'matched' : row.status, deals, reason: row.reason ?? undefined };
  }
}

type OrderDb = { hash: Hex; kind: string; body: string; signer: string; asset: string; volume: string; consumed: string; status: string; reason: string | null };


/** Off-chain pre-check of an offer against a request (the chain re-checks everything). */
function fits(o: OrderDb, r: Record<string, string>, kind: 'app' | 'dataset' | 'workerpool'): boolean {
  const b = JSON.parse(o.body) as Record<string, string>;
  if (BigInt(o.volume) <= BigInt(o.consumed)) return false;
  if (Number(b.expiry) !== 0 && Number(b.expiry) <= Date.now() / 1000) return false;
  const zero = (v: string | undefined, want: string) => v === undefined || v === '0' || v === '0x0000000000000000000000000000000000000000' || v.toLowerCase() === want.toLowerCase();
  if (!zero(b.requesterRestrict, r.requester as string)) return false;
  if (kind === 'app') return BigInt(b.price as string) <= BigInt(r.appMaxPrice as string) && zero(b.datasetRestrict, r.dataset as string);
  if (kind === 'dataset') return BigInt(b.price as string) <= BigInt(r.datasetMaxPrice as string) && zero(b.appRestrict, r.app as string);
  return (
    BigInt(b.price as string) <= BigInt(r.workerpoolMaxPrice as string) &&
    b.category === r.category &&
    BigInt(b.trust as string) >= BigInt(r.trust as string) &&
    zero(b.appRestrict, r.app as string) &&
    zero(b.datasetRestrict, r.dataset as string)
  );
}
