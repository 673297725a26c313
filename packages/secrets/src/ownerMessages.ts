import { type Address, type Hex, hexToBytes, sha256, verifyMessage } from 'viem';
import { decryptResult, getDataset, secretPushMessage, secretRestrictMessage, secretRevokeMessage } from '@proofgrid/sdk';
import type { SecretsContext } from './context.ts';
import { SecretsError } from './errors.ts';
import { type Restrictions, parse, zPush, zRestrict, zRevoke } from './schemas.ts';

/** The dataset owner's messages (D1): push a key, revoke it, change its restrictions. */
export function createOwnerMessages(ctx: SecretsContext) {
  const { db, log, vault, scope } = ctx;
  async function ownerOf(dataset: string): Promise<Address> {
    try {
      return (await getDataset(ctx.client, { dataset: BigInt(dataset) })).owner;
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
    if (row && ts <= row.signed_at)
      throw new SecretsError(
        'RequestReplayed',
        `an owner message at ${ts} is not newer than the last one accepted (${row.signed_at})`,
        409,
        { dataset },
      );
  };

  async function push(body: unknown) {
    const p = parse(zPush, body, 'SecretRequestInvalid');
    ctx.freshMs(p.timestamp);
    const owner = await requireOwner(
      p.dataset,
      secretPushMessage(scope, {
        dataset: BigInt(p.dataset),
        keyHash: p.keyHash,
        restrictions: restrictionsOf(p.restrictions),
        timestamp: p.timestamp,
      }),
      p.signature,
    );
    requireNewer(p.dataset, p.timestamp);
    let key: Uint8Array;
    try {
      key = await decryptResult(hexToBytes(p.wrappedKey), vault.transportPrivateKey);
    } catch {
      throw new SecretsError('SecretUnwrapFailed', "the key is not wrapped for this service's public key (GET /v1/info)", 400);
    }
    if (key.length !== 32 || sha256(key) !== p.keyHash)
      throw new SecretsError('SecretKeyHashMismatch', 'the key does not match the signed key hash', 400);
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
    ctx.freshMs(p.timestamp);
    ctx.secretOf(dataset);
    await requireOwner(dataset, secretRevokeMessage(scope, { dataset: BigInt(dataset), timestamp: p.timestamp }), p.signature);
    requireNewer(dataset, p.timestamp);
    db.prepare('update secrets set revoked = 1, signed_at = ?, updated_at = ? where dataset = ?').run(p.timestamp, Date.now(), dataset);
    log.info({ dataset }, 'dataset key revoked');
    return { dataset, revoked: true };
  }

  async function restrict(dataset: string, body: unknown) {
    const p = parse(zRestrict, body, 'SecretRequestInvalid');
    ctx.freshMs(p.timestamp);
    ctx.secretOf(dataset);
    await requireOwner(
      dataset,
      secretRestrictMessage(scope, { dataset: BigInt(dataset), restrictions: restrictionsOf(p.restrictions), timestamp: p.timestamp }),
      p.signature,
    );
    requireNewer(dataset, p.timestamp);
    db.prepare('update secrets set restrictions = ?, signed_at = ?, updated_at = ? where dataset = ?').run(
      JSON.stringify(p.restrictions),
      p.timestamp,
      Date.now(),
      dataset,
    );
    log.info({ dataset, restrictions: p.restrictions }, 'dataset restrictions changed');
    return { dataset, restrictions: p.restrictions };
  }

  return { push, revoke, restrict };
}
