import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino, { type Logger } from 'pino';
import { type Deployment, createProofgridClient, resultPublicKeyOf } from '@proofgrid/sdk';
import { type AttestationVerifier, defaultVerifiers } from './attestation.ts';
import { SecretsError } from './errors.ts';
import { createVault, loadMasterKey } from './masterKey.ts';
import { SCHEMA, type SecretRow } from './schemas.ts';

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
  /** Serve HTTPS with this certificate and key (PEM); HTTP without (decision 017). */
  tls?: { cert: string | Buffer; key: string | Buffer };
};

/**
 * What the secret service's handlers share: the store, the sealed-key vault, the chain client,
 * the attestation verifiers and the freshness rules.
 */
export function createSecretsContext(o: SecretServiceOptions) {
  const log = o.logger ?? pino({ name: 'secrets', level: process.env.LOG_LEVEL ?? 'info' });
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const master = loadMasterKey(join(o.dataDir, 'master.key'));
  const vault = createVault(master.key);
  master.key.fill(0);
  const publicKey = resultPublicKeyOf(vault.transportPrivateKey);
  const db = new Database(join(o.dataDir, 'secrets.sqlite'));
  db.exec(SCHEMA);
  const maxAge = o.maxAgeS ?? 300;
  const nowS = () => Math.floor(Date.now() / 1000);
  /** A signed timestamp (seconds) within the freshness window and not ahead of the service clock. */
  const fresh = (ts: number) => {
    // serverTime lets a client whose clock is off sign again with the service's time.
    if (ts > nowS() + 60)
      throw new SecretsError('RequestFromFuture', `timestamp ${ts} is ahead of the service clock (${nowS()})`, 401, { serverTime: nowS() });
    if (nowS() - ts > maxAge)
      throw new SecretsError('RequestExpired', `timestamp ${ts} is more than ${maxAge} s old (service clock ${nowS()})`, 401, {
        serverTime: nowS(),
      });
  };
  const secretOf = (dataset: string) => {
    const row = db.prepare('select * from secrets where dataset = ?').get(dataset) as SecretRow | undefined;
    if (!row) throw new SecretsError('SecretNotFound', `no key is stored for dataset ${dataset}`, 404, { dataset });
    return row;
  };
  return {
    o,
    log,
    db,
    vault,
    masterSource: master.source,
    client: createProofgridClient({ deployment: o.deployment }),
    /** What every signed message must be bound to: this chain, its dataset registry, and this service (its public key). */
    scope: { chainId: o.deployment.chainId, datasets: o.deployment.datasets, service: publicKey },
    verifiers: o.verifiers ?? defaultVerifiers(),
    maxAge,
    publicKey,
    nowS,
    fresh,
    freshMs: (ts: number) => fresh(Math.floor(ts / 1000)),
    secretOf,
  };
}
export type SecretsContext = ReturnType<typeof createSecretsContext>;
