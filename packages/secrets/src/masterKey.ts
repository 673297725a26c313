import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * The service's master key (32 bytes): every dataset key is stored sealed under it
 * (AES-256-GCM, the dataset id as associated data). From PROOFGRID_SECRETS_MASTER_KEY (hex) or a
 * file created on first start with mode 0600. The transport key pair (owners wrap keys for it)
 * and per-deal secrets are derived from it with HKDF, so nothing else needs storing.
 */
export function loadMasterKey(
  file: string,
  env = process.env.PROOFGRID_SECRETS_MASTER_KEY,
): { key: Buffer; source: 'env' | 'file' | 'generated' } {
  if (env) {
    const key = Buffer.from(env.replace(/^0x/, ''), 'hex');
    if (key.length !== 32) throw new Error('PROOFGRID_SECRETS_MASTER_KEY must be 32 bytes of hex');
    return { key, source: 'env' };
  }
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600);
    const key = Buffer.from(readFileSync(file, 'utf8').trim().replace(/^0x/, ''), 'hex');
    if (key.length !== 32) throw new Error(`${file}: not a 32-byte hex master key`);
    return { key, source: 'file' };
  }
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, source: 'generated' };
}

export function createVault(master: Buffer) {
  const sealKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'proofgrid/secrets/seal', 32));
  const dealKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'proofgrid/secrets/deal-secret', 32));
  const transportIkm = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'proofgrid/secrets/transport', 48));
  // P-256 group order: the transport private key is the HKDF output reduced into [1, n-1].
  const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const scalar = (BigInt(`0x${transportIkm.toString('hex')}`) % (n - 1n)) + 1n;
  return {
    transportPrivateKey: `0x${scalar.toString(16).padStart(64, '0')}` as `0x${string}`,
    seal(plain: Uint8Array, aad: string): Buffer {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', sealKey, iv);
      c.setAAD(Buffer.from(aad));
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([Buffer.from([1]), iv, body, c.getAuthTag()]);
    },
    open(sealed: Buffer, aad: string): Buffer {
      if (sealed[0] !== 1) throw new Error('unknown sealed-key version');
      const d = createDecipheriv('aes-256-gcm', sealKey, sealed.subarray(1, 13));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([d.update(sealed.subarray(13, sealed.length - 16)), d.final()]);
    },
    /** The secret every enrolled worker of a deal gets, so their result encryption agrees. */
    dealSecret(dealId: string): Buffer {
      return createHmac('sha256', dealKey).update(dealId.toLowerCase()).digest();
    },
  };
}
export type Vault = ReturnType<typeof createVault>;
