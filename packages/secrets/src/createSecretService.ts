import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import pino, { type Logger } from 'pino';
import { type Address, type Hex, bytesToHex, hexToBytes, isAddressEqual, recoverMessageAddress, sha256, verifyMessage, zeroAddress } from 'viem';
import {
  type DealKey,
  type Deployment,
  authorizationMessageOf,
  batchIdOf,
  createProofgridClient,
  datasetRegistryAbi,
  dealIdOf,
  decryptResult,
  encryptResult,
  hubAbi,
  keyRequestMessage,
  keyRequestReportData,
  resultPublicKeyOf,
  secretPushMessage,
  secretRestrictMessage,
  secretRevokeMessage,
} from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import { z } from 'zod';
import { type AttestationVerifier, defaultVerifiers } from './attestation.ts';
import { SecretsError } from './errors.ts';
import { createVault, loadMasterKey } from './masterKey.ts';

export type SecretServiceOptions = {
  deployment: Deployment;
  dataDir: string;
  host?: string;
  port?: number;
  /** Refuse key requests without hardware attestation (kind 'none'). */
  requireTee?: boolean;
  /** Maximum age (and clock skew) of a signed message, seconds. Default 300. */
  maxAgeS?: number;
  verifiers?: Map<string, AttestationVerifier>;
  logger?: Logger;
};

const zHex = z.string().regex(/^0x[0-9a-fA-F]*$/).transform((s) => s as Hex);
const zB32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/).transform((s) => s.toLowerCase() as Hex);
const zAddr = z.string().regex(/^0x[0-9a-fA-F]{40}$/).transform((s) => s as Address);
const zId = z.string().regex(/^[1-9]\d{0,40}$/, 'a dataset id (decimal, > 0)');
const zRestrictions = z
  .object({ app: z.string().regex(/^\d{1,78}$/).default('0'), workerpool: z.string().regex(/^\d{1,78}$/).default('0'), requester: zAddr.default(zeroAddress) })
  .default({ app: '0', workerpool: '0', requester: zeroAddress });
const zPush = z.object({ dataset: zId, wrappedKey: zHex, keyHash: zB32, restrictions: zRestrictions, timestamp: z.number().int(), signature: zHex });
const zRevoke = z.object({ timestamp: z.number().int(), signature: zHex });
const zRestrict = z.object({ restrictions: zRestrictions, timestamp: z.number().int(), signature: zHex });
const zKeyRequest = z.object({
  dataset: zId,
  contentHash: zB32,
  dealId: zB32,
  dealKey: z.record(z.string(), z.unknown()),
  taskIndex: z.number().int().nonnegative(),
  first: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  schedulerAuthorization: zHex,
  worker: zAddr,
  transportKey: z.string().regex(/^0x0[23][0-9a-fA-F]{64}$/).transform((s) => s as Hex),
  attestation: z.object({ kind: z.string().max(32), quote: zHex.optional() }),
  nonce: z.string().regex(/^0x[0-9a-fA-F]{16,64}$/).transform((s) => s.toLowerCase() as Hex),
  timestamp: z.number().int(),
  signature: zHex,
});

type SecretRow = { dataset: string; owner: string; key_hash: string; sealed: Buffer; restrictions: string; revoked: number; signed_at: number; updated_at: number };
type Restrictions = { app: string; workerpool: string; requester: Address };

const SCHEMA = `
pragma journal_mode = wal;
create table if not exists secrets (
  dataset text primary key, owner text not null, key_hash text not null,
  sealed blob not null,            -- the dataset key, AES-256-GCM under the master key
  restrictions text not null, revoked integer not null default 0,
  signed_at integer not null,      -- timestamp of the last owner message accepted (monotonic)
  updated_at integer not null
);
create table if not exists nonces (worker text not null, nonce text not null, at integer not null, primary key (worker, nonce));
create table if not exists releases (
  id integer primary key autoincrement, dataset text not null, deal_id text not null, task_index integer not null,
  worker text not null, content_hash text not null, attestation text not null,
  message text not null, signature text not null, at integer not null
);
create index if not exists releases_dataset on releases(dataset);
`;

function parse<T>(schema: z.ZodType<T>, body: unknown, code: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new SecretsError(code, `malformed request: ${r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`, 400);
  return r.data;
}

/**
 * The secret service (D1, D2): dataset owners hand it their keys (owner-signed, wrapped for the
 * service's transport key); it keeps them sealed under a master key and releases one only to a
 * worker that proves, by its own signature and the pool scheduler's authorization, that it is
 * enrolled in an unfinished task of an existing on-chain deal on this dataset whose terms meet the
 * owner's restrictions. Requests are replay-protected; keys are never logged.
 */
export async function startSecretService(o: SecretServiceOptions) {
  const log = o.logger ?? pino({ name: 'secrets', level: process.env.LOG_LEVEL ?? 'info' });
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const master = loadMasterKey(join(o.dataDir, 'master.key'));
  const vault = createVault(master.key);
  master.key.fill(0);
  const db = new Database(join(o.dataDir, 'secrets.sqlite'));
  db.exec(SCHEMA);
  const client = createProofgridClient({ deployment: o.deployment });
  const scope = { chainId: o.deployment.chainId, datasets: o.deployment.datasets };
  const verifiers = o.verifiers ?? defaultVerifiers();
  const maxAge = o.maxAgeS ?? 300;
  const publicKey = resultPublicKeyOf(vault.transportPrivateKey);
  const nowS = () => Math.floor(Date.now() / 1000);
  const fresh = (ts: number) => {
    // serverTime lets a client whose clock is off sign again with the service's time.
    if (ts > nowS() + 60) throw new SecretsError('RequestFromFuture', `timestamp ${ts} is ahead of the service clock (${nowS()})`, 401, { serverTime: nowS() });
    if (nowS() - ts > maxAge) throw new SecretsError('RequestExpired', `timestamp ${ts} is more than ${maxAge} s old (service clock ${nowS()})`, 401, { serverTime: nowS() });
  };
  const freshMs = (ts: number) => fresh(Math.floor(ts / 1000));
  const secretOf = (dataset: string) => {
    const row = db.prepare('select * from secrets where dataset = ?').get(dataset) as SecretRow | undefined;
    if (!row) throw new SecretsError('SecretNotFound', `no key is stored for dataset ${dataset}`, 404, { dataset });
    return row;
  };
  async function ownerOf(dataset: string): Promise<Address> {
    try {
      return (await client.public.readContract({ address: o.deployment.datasets, abi: datasetRegistryAbi, functionName: 'ownerOf', args: [BigInt(dataset)] })) as Address;
    } catch {
      throw new SecretsError('DatasetNotFound', `dataset ${dataset} is not registered`, 404, { dataset });
    }
  }
  async function requireOwner(dataset: string, message: string, signature: Hex) {
    const owner = await ownerOf(dataset);
    const ok = await verifyMessage({ address: owner, message, signature }).catch(() => false);
    if (!ok) throw new SecretsError('OwnerSignatureInvalid', `not signed by dataset ${dataset}'s owner ${owner}`, 401, { dataset, owner });
    return owner;
  }
  const restrictionsOf = (r: Restrictions) => ({ app: BigInt(r.app), workerpool: BigInt(r.workerpool), requester: r.requester });
  /** Owner messages for one dataset must come in order: an old signed push cannot undo a revoke. */
  const requireNewer = (dataset: string, ts: number) => {
    const row = db.prepare('select signed_at from secrets where dataset = ?').get(dataset) as { signed_at: number } | undefined;
    if (row && ts <= row.signed_at) throw new SecretsError('RequestReplayed', `an owner message at ${ts} is not newer than the last one accepted (${row.signed_at})`, 409, { dataset });
  };

  async function push(body: unknown) {
    const p = parse(zPush, body, 'SecretRequestInvalid');
    freshMs(p.timestamp);
    const owner = await requireOwner(p.dataset, secretPushMessage(scope, { dataset: BigInt(p.dataset), keyHash: p.keyHash, restrictions: restrictionsOf(p.restrictions), timestamp: p.timestamp }), p.signature);
    requireNewer(p.dataset, p.timestamp);
    let key: Uint8Array;
    try {
      key = await decryptResult(hexToBytes(p.wrappedKey), vault.transportPrivateKey);
    } catch {
      throw new SecretsError('SecretUnwrapFailed', "the key is not wrapped for this service's public key (GET /v1/info)", 400);
    }
    if (key.length !== 32 || sha256(key) !== p.keyHash) throw new SecretsError('SecretKeyHashMismatch', 'the key does not match the signed key hash', 400);
    const sealed = vault.seal(key, `dataset:${p.dataset}`);
    key.fill(0);
    db.prepare(
      `insert into secrets (dataset, owner, key_hash, sealed, restrictions, revoked, signed_at, updated_at) values (?, ?, ?, ?, ?, 0, ?, ?)
       on conflict(dataset) do update set owner = excluded.owner, key_hash = excluded.key_hash, sealed = excluded.sealed, restrictions = excluded.restrictions, revoked = 0, signed_at = excluded.signed_at, updated_at = excluded.updated_at`,
    ).run(p.dataset, owner.toLowerCase(), p.keyHash, sealed, JSON.stringify(p.restrictions), p.timestamp, Date.now());
    log.info({ dataset: p.dataset, owner, restrictions: p.restrictions }, 'dataset key stored');
    return { dataset: p.dataset, owner, keyHash: p.keyHash, restrictions: p.restrictions };
  }

  async function revoke(dataset: string, body: unknown) {
    const p = parse(zRevoke, body, 'SecretRequestInvalid');
    freshMs(p.timestamp);
    secretOf(dataset);
    await requireOwner(dataset, secretRevokeMessage(scope, { dataset: BigInt(dataset), timestamp: p.timestamp }), p.signature);
    requireNewer(dataset, p.timestamp);
    db.prepare('update secrets set revoked = 1, signed_at = ?, updated_at = ? where dataset = ?').run(p.timestamp, Date.now(), dataset);
    log.info({ dataset }, 'dataset key revoked');
    return { dataset, revoked: true };
  }

  async function restrict(dataset: string, body: unknown) {
    const p = parse(zRestrict, body, 'SecretRequestInvalid');
    freshMs(p.timestamp);
    secretOf(dataset);
    await requireOwner(dataset, secretRestrictMessage(scope, { dataset: BigInt(dataset), restrictions: restrictionsOf(p.restrictions), timestamp: p.timestamp }), p.signature);
    requireNewer(dataset, p.timestamp);
    db.prepare('update secrets set restrictions = ?, signed_at = ?, updated_at = ? where dataset = ?').run(JSON.stringify(p.restrictions), p.timestamp, Date.now(), dataset);
    log.info({ dataset, restrictions: p.restrictions }, 'dataset restrictions changed');
    return { dataset, restrictions: p.restrictions };
  }

  async function requestKey(body: unknown) {
    const r = parse(zKeyRequest, body, 'KeyRequestInvalid');
    // 1. Freshness and the worker's own signature over every field that matters.
    fresh(r.timestamp);
    const message = keyRequestMessage(scope, { dataset: BigInt(r.dataset), contentHash: r.contentHash, dealId: r.dealId, taskIndex: r.taskIndex, worker: r.worker, nonce: r.nonce, timestamp: r.timestamp, transportKey: r.transportKey, attestation: r.attestation.kind });
    const signer = await recoverMessageAddress({ message, signature: r.signature }).catch(() => undefined);
    if (!signer || !isAddressEqual(signer, r.worker)) throw new SecretsError('WorkerSignatureInvalid', `the key request is not signed by worker ${r.worker}`, 401);
    // 2. Replay: a nonce is good once per worker (kept longer than the freshness window).
    db.prepare('delete from nonces where at < ?').run(nowS() - 2 * maxAge - 120);
    const fresh1 = db.prepare('insert or ignore into nonces (worker, nonce, at) values (?, ?, ?)').run(r.worker.toLowerCase(), r.nonce, r.timestamp);
    if (fresh1.changes === 0) throw new SecretsError('RequestReplayed', `nonce ${r.nonce} was already used by ${r.worker}`, 409);
    // 3. The owner's standing decision: stored, not revoked, restrictions met.
    const secret = secretOf(r.dataset);
    if (secret.revoked) throw new SecretsError('DatasetRevoked', `the owner of dataset ${r.dataset} revoked its key`, 403, { dataset: r.dataset });
    let key: DealKey;
    try {
      key = dealKeyFromWire(r.dealKey);
    } catch {
      throw new SecretsError('KeyRequestInvalid', 'malformed deal key', 400);
    }
    if (key.dataset.toString() !== r.dataset) throw new SecretsError('DealDatasetMismatch', `deal ${r.dealId} is on dataset ${key.dataset}, not ${r.dataset}`, 403);
    if (dealIdOf(key) !== r.dealId) throw new SecretsError('DealKeyMismatch', `the deal key hashes to ${dealIdOf(key)}, not ${r.dealId}`, 403);
    const rs = JSON.parse(secret.restrictions) as Restrictions;
    if (rs.app !== '0' && BigInt(rs.app) !== key.app) throw new SecretsError('DatasetRestricted', `dataset ${r.dataset} is restricted to app ${rs.app}; the deal runs app ${key.app}`, 403, { field: 'app', allowed: rs.app, actual: key.app.toString() });
    if (rs.workerpool !== '0' && BigInt(rs.workerpool) !== key.workerpool)
      throw new SecretsError('DatasetRestricted', `dataset ${r.dataset} is restricted to workerpool ${rs.workerpool}; the deal runs on pool ${key.workerpool}`, 403, { field: 'workerpool', allowed: rs.workerpool, actual: key.workerpool.toString() });
    if (!isAddressEqual(rs.requester, zeroAddress) && !isAddressEqual(rs.requester, key.requester))
      throw new SecretsError('DatasetRestricted', `dataset ${r.dataset} is restricted to requester ${rs.requester}; the deal's requester is ${key.requester}`, 403, { field: 'requester', allowed: rs.requester, actual: key.requester });
    // 4. Enrolment: the task is in the batch the pool's scheduler authorised this worker for.
    if (r.taskIndex < r.first || r.taskIndex >= r.first + r.count || r.first + r.count > key.volume)
      throw new SecretsError('TaskNotInBatch', `task ${r.taskIndex} is not in batch [${r.first}, ${r.first + r.count}) of a ${key.volume}-task deal`, 403);
    if (!isAddressEqual(r.worker, key.scheduler)) {
      const auth = authorizationMessageOf(batchIdOf(r.dealId, r.first, r.count), r.worker);
      const scheduler = await recoverMessageAddress({ message: { raw: auth }, signature: r.schedulerAuthorization }).catch(() => undefined);
      if (!scheduler || !isAddressEqual(scheduler, key.scheduler)) throw new SecretsError('WorkerNotEnrolled', `worker ${r.worker} holds no authorization from the deal's scheduler ${key.scheduler} for this batch`, 403);
    }
    // 5. The chain: the deal exists, the task is not settled, the ciphertext received is the registered one.
    const [exists, settled, meta] = await Promise.all([
      client.public.readContract({ address: o.deployment.hub, abi: hubAbi, functionName: 'dealExists', args: [key as never] }) as Promise<boolean>,
      client.public.readContract({ address: o.deployment.hub, abi: hubAbi, functionName: 'isTaskSettled', args: [key as never, r.taskIndex] }).catch(() => false) as Promise<boolean>,
      client.public.readContract({ address: o.deployment.datasets, abi: datasetRegistryAbi, functionName: 'datasetOf', args: [key.dataset] }) as Promise<{ contentHash: Hex }>,
    ]);
    if (!exists) throw new SecretsError('DealNotFound', `deal ${r.dealId} does not exist on chain`, 403);
    if (settled) throw new SecretsError('TaskFinished', `task ${r.taskIndex} of deal ${r.dealId} is already settled`, 403);
    if (meta.contentHash.toLowerCase() !== r.contentHash) throw new SecretsError('ContentHashMismatch', `the worker received ciphertext ${r.contentHash}; the registry says ${meta.contentHash}`, 409);
    // 6. Attestation: pluggable; 'none' is accepted unless the service requires a TEE.
    const verifier = verifiers.get(r.attestation.kind);
    if (!verifier) throw new SecretsError('AttestationUnsupported', `no verifier for attestation kind "${r.attestation.kind}"`, 403);
    if (o.requireTee && !verifier.hardware) throw new SecretsError('AttestationRequired', 'this secret service releases keys only into a hardware enclave (TEE quote required)', 403);
    const verdict = await verifier.verify(r.attestation, keyRequestReportData(r.transportKey, r.nonce));
    if (!verdict.ok) throw new SecretsError('AttestationInvalid', verdict.reason, 403);
    // 7. Release: the key and the deal secret, wrapped for the worker's one-time transport key.
    const datasetKey = vault.open(secret.sealed, `dataset:${r.dataset}`);
    const payload = Buffer.concat([datasetKey, vault.dealSecret(r.dealId)]);
    const wrapped = await encryptResult(payload, r.transportKey);
    datasetKey.fill(0);
    payload.fill(0);
    db.prepare('insert into releases (dataset, deal_id, task_index, worker, content_hash, attestation, message, signature, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      r.dataset, r.dealId, r.taskIndex, r.worker.toLowerCase(), r.contentHash, r.attestation.kind, message, r.signature, Date.now(),
    );
    log.info({ dataset: r.dataset, deal: r.dealId, task: r.taskIndex, worker: r.worker, attestation: r.attestation.kind }, 'dataset key released');
    return { wrapped: bytesToHex(wrapped), attestation: r.attestation.kind, note: verdict.note };
  }

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof SecretsError) {
      log.info({ code: err.code, path: c.req.path }, 'refused');
      return c.json(err.toJSON(), err.status);
    }
    if (err instanceof SyntaxError) return c.json({ error: { code: 'BodyInvalid', message: 'request body is not valid JSON', details: {} } }, 400);
    log.error({ err: String((err as Error).message) }, 'unhandled error');
    return c.json({ error: { code: 'Internal', message: 'internal error (logged by the service)', details: {} } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'RouteNotFound', message: `no route ${c.req.method} ${c.req.path}`, details: {} } }, 404));
  const info = () => ({
    service: 'proofgrid-secrets',
    chainId: o.deployment.chainId,
    hub: o.deployment.hub,
    datasets: o.deployment.datasets,
    publicKey,
    attestation: { accepted: [...verifiers.keys()], required: !!o.requireTee },
    secrets: (db.prepare('select count(*) n from secrets').get() as { n: number }).n,
    time: nowS(),
  });
  app.get('/status', (c) => c.json(info()));
  app.get('/v1/info', (c) => c.json(info()));
  app.post('/v1/secrets', async (c) => c.json(await push(await c.req.json()), 201));
  app.get('/v1/secrets/:dataset', (c) => {
    const s = secretOf(c.req.param('dataset'));
    const releases = (db.prepare('select count(*) n from releases where dataset = ?').get(s.dataset) as { n: number }).n;
    return c.json({ dataset: s.dataset, owner: s.owner, keyHash: s.key_hash, revoked: !!s.revoked, restrictions: JSON.parse(s.restrictions), releases });
  });
  app.get('/v1/secrets/:dataset/receipts', (c) => {
    const rows = db.prepare('select * from releases where dataset = ? order by id').all(c.req.param('dataset')) as Record<string, unknown>[];
    return c.json({ receipts: rows.map((r) => ({ dealId: r.deal_id, taskIndex: r.task_index, worker: r.worker, contentHash: r.content_hash, attestation: r.attestation, timestamp: r.at, message: r.message, signature: r.signature })) });
  });
  app.post('/v1/secrets/:dataset/revoke', async (c) => c.json(await revoke(c.req.param('dataset'), await c.req.json())));
  app.post('/v1/secrets/:dataset/restrict', async (c) => c.json(await restrict(c.req.param('dataset'), await c.req.json())));
  app.post('/v1/keys/request', async (c) => c.json(await requestKey(await c.req.json())));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: o.host ?? '127.0.0.1', port: o.port ?? 0 }, () => resolve(s));
  });
  const url = `http://${o.host ?? '127.0.0.1'}:${(server.address() as { port: number }).port}`;
  log.info({ url, masterKey: master.source, requireTee: !!o.requireTee }, 'secret service listening');
  return {
    url,
    publicKey,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
export type SecretService = Awaited<ReturnType<typeof startSecretService>>;
