import { bytesToHex, isAddressEqual, recoverMessageAddress, zeroAddress } from 'viem';
import {
  type DealKey,
  authorizationMessageOf,
  batchIdOf,
  dealExists,
  dealIdOf,
  encryptResult,
  getDataset,
  isTaskSettled,
  keyRequestMessage,
  keyRequestReportData,
} from '@proofgrid/sdk';
import { dealKeyFromWire } from '@proofgrid/sdk/api';
import type { SecretsContext } from './context.ts';
import { SecretsError } from './errors.ts';
import { type Restrictions, parse, zKeyRequest } from './schemas.ts';

/**
 * A worker's key request (D2): the dataset key and the deal secret are released, wrapped for the
 * worker's one-time transport key, only when every check below holds.
 */
export function createKeyRelease(ctx: SecretsContext) {
  const { o, db, log, vault, scope, verifiers, maxAge, nowS } = ctx;
  return async function requestKey(body: unknown) {
    const r = parse(zKeyRequest, body, 'KeyRequestInvalid');
    // 1. Freshness and the worker's own signature over every field that matters.
    ctx.fresh(r.timestamp);
    const message = keyRequestMessage(scope, {
      dataset: BigInt(r.dataset),
      contentHash: r.contentHash,
      dealId: r.dealId,
      taskIndex: r.taskIndex,
      worker: r.worker,
      nonce: r.nonce,
      timestamp: r.timestamp,
      transportKey: r.transportKey,
      attestation: r.attestation.kind,
    });
    const signer = await recoverMessageAddress({ message, signature: r.signature }).catch(() => undefined);
    if (!signer || !isAddressEqual(signer, r.worker))
      throw new SecretsError('WorkerSignatureInvalid', `the key request is not signed by worker ${r.worker}`, 401);
    // 2. Replay: a nonce is good once per worker (kept longer than the freshness window).
    db.prepare('delete from nonces where at < ?').run(nowS() - 2 * maxAge - 120);
    const fresh1 = db
      .prepare('insert or ignore into nonces (worker, nonce, at) values (?, ?, ?)')
      .run(r.worker.toLowerCase(), r.nonce, r.timestamp);
    if (fresh1.changes === 0) throw new SecretsError('RequestReplayed', `nonce ${r.nonce} was already used by ${r.worker}`, 409);
    // 3. The owner's standing decision: stored, not revoked, restrictions met.
    const secret = ctx.secretOf(r.dataset);
    if (secret.revoked)
      throw new SecretsError('DatasetRevoked', `the owner of dataset ${r.dataset} revoked its key`, 403, { dataset: r.dataset });
    let key: DealKey;
    try {
      key = dealKeyFromWire(r.dealKey);
    } catch {
      throw new SecretsError('KeyRequestInvalid', 'malformed deal key', 400);
    }
    if (key.dataset.toString() !== r.dataset)
      throw new SecretsError('DealDatasetMismatch', `deal ${r.dealId} is on dataset ${key.dataset}, not ${r.dataset}`, 403);
    if (dealIdOf(key) !== r.dealId)
      throw new SecretsError('DealKeyMismatch', `the deal key hashes to ${dealIdOf(key)}, not ${r.dealId}`, 403);
    const rs = JSON.parse(secret.restrictions) as Restrictions;
    if (rs.app !== '0' && BigInt(rs.app) !== key.app)
      throw new SecretsError(
        'DatasetRestricted',
        `dataset ${r.dataset} is restricted to app ${rs.app}; the deal runs app ${key.app}`,
        403,
        { field: 'app', allowed: rs.app, actual: key.app.toString() },
      );
    if (rs.workerpool !== '0' && BigInt(rs.workerpool) !== key.workerpool)
      throw new SecretsError(
        'DatasetRestricted',
        `dataset ${r.dataset} is restricted to workerpool ${rs.workerpool}; the deal runs on pool ${key.workerpool}`,
        403,
        { field: 'workerpool', allowed: rs.workerpool, actual: key.workerpool.toString() },
      );
    if (!isAddressEqual(rs.requester, zeroAddress) && !isAddressEqual(rs.requester, key.requester))
      throw new SecretsError(
        'DatasetRestricted',
        `dataset ${r.dataset} is restricted to requester ${rs.requester}; the deal's requester is ${key.requester}`,
        403,
        { field: 'requester', allowed: rs.requester, actual: key.requester },
      );
    // 4. Enrolment: the task is in the batch the pool's scheduler authorised this worker for.
    if (r.taskIndex < r.first || r.taskIndex >= r.first + r.count || r.first + r.count > key.volume)
      throw new SecretsError(
        'TaskNotInBatch',
        `task ${r.taskIndex} is not in batch [${r.first}, ${r.first + r.count}) of a ${key.volume}-task deal`,
        403,
      );
    if (!isAddressEqual(r.worker, key.scheduler)) {
      const auth = authorizationMessageOf(batchIdOf(r.dealId, r.first, r.count), r.worker);
      const scheduler = await recoverMessageAddress({ message: { raw: auth }, signature: r.schedulerAuthorization }).catch(() => undefined);
      if (!scheduler || !isAddressEqual(scheduler, key.scheduler))
        throw new SecretsError(
          'WorkerNotEnrolled',
          `worker ${r.worker} holds no authorization from the deal's scheduler ${key.scheduler} for this batch`,
          403,
        );
    }
    // 5. The chain: the deal exists, the task is not settled, the ciphertext received is the registered one.
    const [exists, meta] = await Promise.all([dealExists(ctx.client, { key }), getDataset(ctx.client, { dataset: key.dataset })]);
    if (!exists) throw new SecretsError('DealNotFound', `deal ${r.dealId} does not exist on chain`, 403);
    // The deal exists and the index is inside it (checked above): a failed read here is a chain fault and refuses.
    const settled = await isTaskSettled(ctx.client, { key, index: r.taskIndex });
    if (settled) throw new SecretsError('TaskFinished', `task ${r.taskIndex} of deal ${r.dealId} is already settled`, 403);
    if (meta.contentHash.toLowerCase() !== r.contentHash)
      throw new SecretsError(
        'ContentHashMismatch',
        `the worker received ciphertext ${r.contentHash}; the registry says ${meta.contentHash}`,
        409,
      );
    // 6. Attestation: pluggable; 'none' is accepted unless the service requires a TEE.
    const verifier = verifiers.get(r.attestation.kind);
    if (!verifier) throw new SecretsError('AttestationUnsupported', `no verifier for attestation kind "${r.attestation.kind}"`, 403);
    if (o.requireTee && !verifier.hardware)
      throw new SecretsError(
        'AttestationRequired',
        'this secret service releases keys only into a hardware enclave (TEE quote required)',
        403,
      );
    const verdict = await verifier.verify(r.attestation, keyRequestReportData(r.transportKey, r.nonce));
    if (!verdict.ok) throw new SecretsError('AttestationInvalid', verdict.reason, 403);
    // 7. Release: the key and the deal secret, wrapped for the worker's one-time transport key.
    const datasetKey = vault.open(secret.sealed, `dataset:${r.dataset}`);
    const payload = Buffer.concat([datasetKey, vault.dealSecret(r.dealId)]);
    const wrapped = await encryptResult(payload, r.transportKey);
    datasetKey.fill(0);
    payload.fill(0);
    db.prepare(
      'insert into releases (dataset, deal_id, task_index, worker, content_hash, attestation, message, signature, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(r.dataset, r.dealId, r.taskIndex, r.worker.toLowerCase(), r.contentHash, r.attestation.kind, message, r.signature, Date.now());
    log.info(
      { dataset: r.dataset, deal: r.dealId, task: r.taskIndex, worker: r.worker, attestation: r.attestation.kind },
      'dataset key released',
    );
    return { wrapped: bytesToHex(wrapped), attestation: r.attestation.kind, note: verdict.note };
  };
}
