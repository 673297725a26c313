import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { type Hex, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  type DealKey,
  type Deployment,
  ContractRevertError,
  ProofgridError,
  buildResultTree,
  contentHashOf,
  contribute,
  createProofgridClient,
  createSecretsClient,
  datasetRegistryAbi,
  decodeError,
  decryptDataset,
  encryptResult,
  taskIdOf,
  deposit,
  encodeResult,
  getBalances,
  getBatchStatus,
  getContribution,
  hubAbi,
  newSalt,
  pushResult,
  resultDigestOf,
  reveal,
} from '@proofgrid/sdk';
import { type WorkerResources, type RequestParams, createMarketClient, dealKeyFromWire, parseRequestParams, registrationMessage } from '@proofgrid/sdk/api';
import { type AttestationProvider, noAttestation } from './attestation.ts';
import { createContentCache } from './contentCache.ts';
import { createSandboxPool } from './sandbox/index.ts';

export type WorkerOptions = {
  deployment: Deployment;
  key: Hex;
  schedulerUrl: string;
  dataDir: string;
  name?: string;
  /** Sandbox threads, i.e. tasks run in parallel. */
  threads?: number;
  resources?: Partial<WorkerResources>;
  /**
   * For demos and tests only: after this many honest replicated batches, answer replicated
   * batches with junk without running them (a lazy saboteur). Undefined = honest.
   */
  sabotageAfter?: number;
  logger?: Logger;
  /** The secret service that releases dataset keys (needed for deals with a dataset; D1). */
  secretsUrl?: string;
  /** Evidence sent with key requests (D3); default: none, and the worker says the host can see the data. */
  attestation?: AttestationProvider;
  /** How long start-up waits for an unreachable scheduler or chain before it fails (default 60 s). */
  startupRetryMs?: number;
};

type Lease = {
  leaseId: number;
  dealId: Hex;
  batchId: Hex;
  key: Record<string, unknown>;
  first: number;
  count: number;
  trust: number;
  app: { uri: string; moduleHash: Hex; memoryMb: number };
  limits: { memoryMb: number; timeoutMs: number; maxOutputBytes: number };
  tasks: { index: number; seed: Hex; args: string[]; files: Record<string, Hex> }[];
  authorization: Hex;
};
/** A contribution waiting for its batch to reach consensus, then revealed (journaled: see `journal`). */
type PendingReveal = {
  leaseId: number;
  batchId: Hex;
  key: Record<string, unknown>;
  first: number;
  count: number;
  root: Hex;
  salt: Hex;
  usage: { maxRunTimeMs: number; memoryPeakKb: number };
  /** Set once the contribution is mined; journaled before it is sent. */
  contributed: boolean;
  since: number;
};


/**
 * A worker daemon (X2, X3, X6): registers with a pool's scheduler, pulls batch leases under
 * heartbeats, fetches the app and inputs by content hash, runs every task in the WASI sandbox,
 * uploads the results to the content store, and commits them on chain: pushResult for trust 1,
 * contribute then reveal for replicated batches.
 * @example
 * import { startWorker } from '@proofgrid/worker';
 * const w = await startWorker({ deployment, key, schedulerUrl, dataDir: '.proofgrid/worker-1' });
 */
export async function startWorker(o: WorkerOptions) {
  const account = privateKeyToAccount(o.key);
  const log = o.logger ?? pino({ name: o.name ?? 'worker', level: process.env.LOG_LEVEL ?? 'info' });
  const client = createProofgridClient({ deployment: o.deployment, account });
  const market = createMarketClient({ url: o.schedulerUrl });
  const cache = createContentCache({ dir: join(o.dataDir, 'cache'), market });
  const threads = o.threads ?? 1;
  mkdirSync(join(o.dataDir, 'scratch'), { recursive: true });
  const pool = createSandboxPool({ size: threads, tmpDir: join(o.dataDir, 'scratch') });
  const resources: WorkerResources = { cpus: threads, memoryMb: 1024, diskGb: 1, gpus: 0, tee: false, region: 'local', ...o.resources };
  let token = '';
  let stopped = false;
  let replicatedDone = 0;
  // The reveal journal: a contribution's salt is written to disk before the contribution is sent,
  // so a worker killed between contribute and reveal reveals after its restart (same key and data
  // directory) and is paid; otherwise its stake would be lost and the batch would need another
  // replica. Written whole, then renamed: a crash never leaves it half-written.
  const journal = join(o.dataDir, 'reveals.json');
  const pending: PendingReveal[] = existsSync(journal) ? (JSON.parse(readFileSync(journal, 'utf8')) as PendingReveal[]) : [];
  const saveJournal = () => {
    writeFileSync(`${journal}.tmp`, JSON.stringify(pending));
    renameSync(`${journal}.tmp`, journal);
  };
  /** Leases being worked on now (listed in heartbeats; the scheduler expires the others). */
  const held = new Set<number>();
  const stats = { leases: 0, tasks: 0, failed: 0, revealed: 0, datasetKeys: 0 };
  const secrets = o.secretsUrl ? createSecretsClient({ url: o.secretsUrl }) : undefined;
  const attestation = o.attestation ?? noAttestation;
  if (secrets) log.warn({ attestation: attestation.kind }, attestation.statement);
  /** A deal's params as signed by its requester, read from the chain (not from the scheduler). */
  const dealParams = new Map<string, RequestParams>();
  async function paramsOf(dealId: Hex) {
    let p = dealParams.get(dealId);
    if (!p) {
      const [ev] = await client.public.getContractEvents({ address: o.deployment.hub, abi: hubAbi, eventName: 'DealMatched', args: { dealId } as never, fromBlock: o.deployment.startBlock });
      if (!ev) throw new ProofgridError(`deal ${dealId} has no DealMatched event on chain`, { code: 'DealNotFound', kind: 'platform' });
      p = parseRequestParams((ev as unknown as { args: { params: string } }).args.params);
      if (dealParams.size > 256) dealParams.delete(dealParams.keys().next().value as string);
      dealParams.set(dealId, p);
    }
    return p;
  }
  /** The transaction of this worker's `BatchContributed` / `BatchRevealed` event for a batch, if any. */
  async function ownEventTx(eventName: 'BatchContributed' | 'BatchRevealed', batchId: Hex): Promise<Hex | undefined> {
    const logs = await client.public.getContractEvents({ address: o.deployment.hub, abi: hubAbi, eventName, args: { batchId, worker: account.address } as never, fromBlock: o.deployment.startBlock });
    return (logs[0] as { transactionHash?: Hex } | undefined)?.transactionHash;
  }

  /**
   * A deal with a dataset: fetch the ciphertext by the registry's content hash (refused if it does
   * not match, before any key is asked for), ask the secret service for the key for this batch
   * (the request is the signed delivery receipt), decrypt in memory.
   */
  async function openDataset(lease: Lease, key: DealKey) {
    if (!secrets) throw new ProofgridError('this deal uses a dataset and the worker has no secret service (--secrets <url>)', { code: 'SecretsNotConfigured', kind: 'config' });
    const meta = (await client.public.readContract({ address: o.deployment.datasets, abi: datasetRegistryAbi, functionName: 'datasetOf', args: [key.dataset] })) as { uri: string; contentHash: Hex };
    const ciphertext = await cache.get(meta.contentHash, meta.uri.startsWith('blob:') ? undefined : meta.uri);
    if (contentHashOf(ciphertext) !== meta.contentHash.toLowerCase()) throw new ProofgridError('dataset content does not match its hash', { code: 'ContentHashMismatch', kind: 'platform' });
    const released = await secrets.requestKey(account, { key, contentHash: meta.contentHash, taskIndex: lease.first, first: lease.first, count: lease.count, authorization: lease.authorization, attest: (reportData) => attestation.quote(reportData) });
    stats.datasetKeys++;
    try {
      return { plain: await decryptDataset(ciphertext, released.key), dealSecret: released.dealSecret };
    } finally {
      released.key.fill(0);
    }
  }

  /**
   * Start-up waits for a scheduler or chain that is down (restarting, partitioned) instead of
   * exiting: it retries for `startupRetryMs`, then fails with the last error.
   */
  async function untilReachable<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const until = Date.now() + (o.startupRetryMs ?? 60_000);
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!unreachable(err) || stopped || Date.now() > until) throw err;
        log.warn({ attempt }, `${what} unreachable at start-up, retrying: ${(err as Error).message.split('\n')[0]}`);
        await sleep(Math.min(2_000, 200 * attempt));
      }
    }
  }

  const { escrow } = await untilReachable('chain', () => getBalances(client, { account: account.address }));
  if (escrow < parseEther('100')) await untilReachable('chain', () => deposit(client, { amount: parseEther('1000') }));

  const authed = <T>(method: string, path: string, body?: unknown) => market.raw<T>(method, path, body, { headers: { authorization: `Bearer ${token}` } });
  /** This machine's clock minus the scheduler's, learnt when a registration is refused for its time (D8). */
  let clockOffsetMs = 0;
  async function register() {
    const send = async () => {
      const timestamp = Math.floor((Date.now() + clockOffsetMs) / 1000);
      const signature = await account.signMessage({ message: registrationMessage(account.address, timestamp) });
      return market.raw<{ token: string; heartbeatMs: number }>('POST', '/v1/workers/register', { address: account.address, resources, timestamp, signature, name: o.name ?? hostname() });
    };
    let r: { token: string; heartbeatMs: number };
    try {
      r = await send();
    } catch (err) {
      const serverTime = (err as { details?: { serverTime?: unknown } }).details?.serverTime;
      if ((err as { code?: string }).code !== 'RegistrationExpired' || typeof serverTime !== 'number') throw err;
      clockOffsetMs = serverTime * 1000 + 500 - Date.now();
      log.warn({ offsetS: Math.round(clockOffsetMs / 1000) }, "this machine's clock is off the scheduler's: registering with the scheduler's time");
      r = await send();
    }
    token = r.token;
    return r;
  }
  const { heartbeatMs } = await untilReachable('scheduler', register);
  const beat = setInterval(() => {
    // Contributed leases stay alive until revealed; one journaled but never sent is not listed.
    const leases = [...held, ...pending.filter((p) => p.contributed).map((p) => p.leaseId)];
    authed('POST', '/v1/workers/heartbeat', { leases }).catch(async (e) => {
      if ((e as { code?: string }).code === 'WorkerUnauthorized') await register().catch(() => undefined);
    });
  }, heartbeatMs);

  async function runLease(lease: Lease) {
    stats.leases++;
    const key = dealKeyFromWire(lease.key);
    const replicated = lease.trust > 1;
    // A batch leased again after this worker's contribution landed with its answer lost: nothing
    // to run again (the chain refuses a second contribution); report the one on chain.
    const earlier = replicated ? pending.find((p) => p.batchId === lease.batchId) : undefined;
    if (earlier) {
      const tx = await ownEventTx('BatchContributed', lease.batchId);
      if (tx) {
        earlier.contributed = true;
        earlier.leaseId = lease.leaseId;
        saveJournal();
        await authed('POST', `/v1/leases/${lease.leaseId}/done`, { phase: 'contributed', tx });
        return;
      }
      pending.splice(pending.indexOf(earlier), 1); // it never reached the chain: run the batch anew
      saveJournal();
    }
    const cheat = replicated && o.sabotageAfter !== undefined && replicatedDone >= o.sabotageAfter;
    const results: { blob: Uint8Array; digest: Hex; wallMs: number; memoryPeakBytes: number }[] = [];
    if (cheat) {
      for (const t of lease.tasks) {
        const blob = encodeResult({ stdout: new TextEncoder().encode(`junk ${t.index}\n`), files: {} });
        results.push({ blob, digest: resultDigestOf(blob), wallMs: 0, memoryPeakBytes: 0 });
      }
    } else {
      const module = await cache.get(lease.app.moduleHash, lease.app.uri);
      const params = await paramsOf(lease.dealId);
      // The plain dataset lives in this process's memory and in the sandbox's scratch tree (/in),
      // which the sandbox deletes after each task; it is zeroed here once the batch is done.
      const dataset = key.dataset !== 0n ? await openDataset(lease, key) : undefined;
      try {
        const runs = lease.tasks.map(async (t) => {
          const files: Record<string, Uint8Array> = {};
          for (const [name, hash] of Object.entries(t.files)) files[name] = await cache.get(hash);
          if (dataset) files[params.datasetFile ?? 'dataset.csv'] = dataset.plain;
          const r = await pool.run({ module, args: t.args, files, seed: t.seed, limits: lease.limits, env: { TASK_INDEX: String(t.index) } });
          if (r.exitCode !== 0) {
            throw new ProofgridError(`task ${t.index} exited with code ${r.exitCode}: ${new TextDecoder().decode(r.stderr).slice(0, 300)}`, { code: 'AppExitNonZero', kind: 'user' });
          }
          let blob = encodeResult({ stdout: r.stdout, files: r.files });
          // C3: encrypted for the requester, deterministically so replicas agree on the digest.
          if (params.resultPublicKey) blob = await encryptResult(blob, params.resultPublicKey as Hex, { deterministic: { taskId: taskIdOf(lease.dealId, t.index), dealSecret: dataset?.dealSecret } });
          return { blob, digest: resultDigestOf(blob), wallMs: r.usage.wallMs, memoryPeakBytes: r.usage.memoryPeakBytes };
        });
        results.push(...(await Promise.all(runs)));
      } finally {
        dataset?.plain.fill(0);
      }
    }
    stats.tasks += results.length;
    // Upload results to the content store (idempotent), then report them to the scheduler.
    for (let i = 0; i < results.length; i += 1000) {
      const chunk = results.slice(i, i + 1000);
      const hashes = await market.putBlobs(chunk.map((r) => r.blob));
      hashes.forEach((h, j) => {
        if (h !== chunk[j]!.digest) throw new Error(`the store hashed result ${i + j} to ${h}, not ${chunk[j]!.digest}`);
      });
    }
    const digests = results.map((r) => r.digest);
    const { root } = buildResultTree(lease.first, digests);
    const usage = {
      maxRunTimeMs: Math.ceil(Math.max(...results.map((r) => r.wallMs))),
      memoryPeakKb: Math.ceil(Math.max(...results.map((r) => r.memoryPeakBytes)) / 1024),
    };
    await authed('POST', `/v1/leases/${lease.leaseId}/results`, { digests, root, usage });
    if (!replicated) {
      const receipt = await pushResult(client, { key, first: lease.first, count: lease.count, root, usage, authorization: lease.authorization });
      await authed('POST', `/v1/leases/${lease.leaseId}/done`, { phase: 'pushed', tx: receipt.transactionHash });
      return;
    }
    const entry: PendingReveal = { leaseId: lease.leaseId, batchId: lease.batchId, key: lease.key, first: lease.first, count: lease.count, root, salt: newSalt(), usage, contributed: false, since: Date.now() };
    pending.push(entry);
    saveJournal();
    let tx: Hex;
    try {
      tx = (await contribute(client, { key, first: lease.first, count: lease.count, root, salt: entry.salt, authorization: lease.authorization })).receipt.transactionHash;
    } catch (err) {
      // The transaction may have landed with its answer lost (a dropped connection): the chain
      // says. Landed: carry on. Not there: forget it. Chain unreadable: keep the salt, the next
      // reveal pass decides.
      const landed = await ownEventTx('BatchContributed', lease.batchId).then(
        (hash) => hash ?? ('absent' as const),
        () => 'unknown' as const,
      );
      if (landed === 'absent') {
        pending.splice(pending.indexOf(entry), 1);
        saveJournal();
      }
      if (landed === 'absent' || landed === 'unknown') throw err;
      tx = landed;
      log.warn({ batch: lease.batchId, tx }, 'the contribution landed although its answer was lost');
    }
    entry.contributed = true;
    saveJournal();
    if (!cheat) replicatedDone++;
    await authed('POST', `/v1/leases/${lease.leaseId}/done`, { phase: 'contributed', tx });
    log.info({ batch: lease.batchId, cheat }, 'contributed');
  }

  /** A reopened batch rejected this contribution (no reveal in time): the worker can never contribute to it again. */
  async function reportRejected(p: PendingReveal) {
    await authed('POST', `/v1/leases/${p.leaseId}/fail`, { code: 'ContributionRejected', message: 'the batch was reopened without a reveal of this contribution' }).catch(() => undefined);
    log.warn({ batch: p.batchId }, 'contribution rejected by a reopened batch');
  }
  /** When each pending contribution's own status was last read from the chain (not journaled). */
  const lastChecked = new WeakMap<PendingReveal, number>();
  async function revealReady() {
    for (const p of [...pending]) {
      const key = dealKeyFromWire(p.key);
      const s = await getBatchStatus(client, { key, first: p.first, count: p.count });
      if (s === 'Active' || s === 'None') {
        // Every 2 s, this worker's own contribution: one whose answer was lost may have landed,
        // and a reopened batch (no reveal in time) rejects the agreed contributions for good.
        if (Date.now() - (lastChecked.get(p) ?? 0) < 2_000) continue;
        lastChecked.set(p, Date.now());
        const mine = await getContribution(client, { batchId: p.batchId, worker: account.address });
        if (mine.status === 'Contributed' && !p.contributed) {
          p.contributed = true;
          saveJournal();
        }
        if (mine.status === 'Rejected') {
          await reportRejected(p);
        } else if (mine.status !== 'None' || p.contributed || Date.now() - p.since < 600_000) continue;
        // 'None' for 10 minutes: journaled by a process killed before it was sent; given up.
      } else if (s === 'Revealing') {
        try {
          const receipt = await reveal(client, { key, first: p.first, count: p.count, root: p.root, salt: p.salt, usage: p.usage });
          stats.revealed++;
          await authed('POST', `/v1/leases/${p.leaseId}/done`, { phase: 'revealed', tx: receipt.transactionHash }).catch((e) => log.warn({ lease: p.leaseId, err: String(e) }, 'revealed; the scheduler did not take the report'));
        } catch (err) {
          const e = decodeError(err);
          // A reveal whose answer was lost may have landed; an unreachable chain is tried again.
          const mine = await getContribution(client, { batchId: p.batchId, worker: account.address }).catch(() => undefined);
          if (!mine || (mine.status === 'Contributed' && !(e instanceof ContractRevertError))) continue;
          if (mine.status === 'Revealed') {
            stats.revealed++;
            const tx = await ownEventTx('BatchRevealed', p.batchId).catch(() => undefined);
            if (tx) await authed('POST', `/v1/leases/${p.leaseId}/done`, { phase: 'revealed', tx }).catch(() => undefined);
          } else if (mine.status === 'Rejected') {
            // Rejected by a reopen before this worker was back (the batch has since agreed again).
            await reportRejected(p);
          } else {
            // ContributionNotFound: our result is not the agreed one (we are in the minority), or we
            // never contributed (killed before the contribution was sent).
            await authed('POST', `/v1/leases/${p.leaseId}/fail`, { code: e.code, message: e.shortMessage.slice(0, 900) }).catch(() => undefined);
            log.warn({ batch: p.batchId, code: e.code }, 'reveal refused');
          }
        }
      }
      pending.splice(pending.indexOf(p), 1);
      saveJournal();
    }
  }

  async function loop() {
    let idle = 0;
    while (!stopped) {
      try {
        if (pending.length) await revealReady();
        const { lease } = await authed<{ lease: Lease | null }>('POST', '/v1/leases/next', {});
        if (!lease) {
          idle = Math.min(idle + 1, 10);
          await sleep(pending.length ? 100 : 50 * idle);
          continue;
        }
        idle = 0;
        held.add(lease.leaseId);
        try {
          await runLease(lease);
        } catch (err) {
          stats.failed++;
          const e = err instanceof ProofgridError ? err : decodeError(err);
          const code = (err as { code?: string }).code ?? e.code;
          log.warn({ lease: lease.leaseId, code }, e.shortMessage ?? String(err));
          await authed('POST', `/v1/leases/${lease.leaseId}/fail`, { code: String(code).slice(0, 64), message: String(e.shortMessage ?? err).slice(0, 900) }).catch(() => undefined);
        } finally {
          held.delete(lease.leaseId);
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'WorkerUnauthorized') await register().catch(() => undefined);
        else log.warn({ code }, `scheduler unavailable: ${(err as Error).message}`);
        await sleep(500);
      }
    }
  }
  const running = loop();
  log.info({ address: account.address, scheduler: o.schedulerUrl, threads, pendingReveals: pending.length }, 'worker started');
  return {
    address: account.address,
    stats: () => ({ ...stats, cache: cache.stats() }),
    async stop() {
      stopped = true;
      clearInterval(beat);
      await running;
      await pool.close();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether an error (or any error in its cause chain) says the service could not be reached. */
function unreachable(err: unknown): boolean {
  for (let e = err as { code?: string; name?: string; cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (e.code === 'ServiceUnreachable' || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET') return true;
    if (e.name === 'HttpRequestError' || e.name === 'TimeoutError' || e.name === 'SocketClosedError') return true;
  }
  return false;
}
