import { p256 } from '@noble/curves/nist';
import { type Hex, bytesToHex, hexToBytes } from 'viem';
import { ProofgridError } from '../errors/ProofgridError.ts';
import { aesGcmDecrypt, aesGcmEncrypt, concatBytes, hkdf, sha256Bytes, utf8 } from './bytes.ts';

/**
 * Result encryption for the requester (C3, D3): ECIES on P-256.
 *   ephemeral scalar k → E = k·G (33-byte compressed), Z = x(k·R) with R the requester's key,
 *   (aesKey ‖ iv) = HKDF-SHA256(Z, salt = E, info = "proofgrid/result/v1" ‖ R, 44 bytes),
 *   blob = "PGR" ‖ 0x01 ‖ E ‖ AES-256-GCM(aesKey, iv, plaintext, aad = "PGR" ‖ 0x01 ‖ E ‖ R)
 *
 * Replicated workers must produce the SAME blob (consensus is on sha256 of the blob), so workers
 * use the deterministic mode: k = HKDF(sha256(plaintext) ‖ dealSecret, salt = taskId,
 * info = "proofgrid/result/v1/ephemeral" ‖ R) mod n. `dealSecret` comes from the secret service
 * with the dataset key (only enrolled workers get it), so nobody holding only public data can
 * recompute a blob to confirm a guessed result. See docs/decisions/005-confidentiality.md.
 */
export const RESULT_CIPHER_MAGIC = new Uint8Array([0x50, 0x47, 0x52, 0x01]);
const INFO = utf8('proofgrid/result/v1');
const INFO_EPHEMERAL = utf8('proofgrid/result/v1/ephemeral');
const N = p256.CURVE.n;

export type ResultKeyPair = { privateKey: Hex; publicKey: Hex };

/**
 * A requester's result key pair: put `publicKey` (33-byte compressed P-256 point) in the request
 * params as `resultPublicKey`; keep `privateKey` to read the results.
 * @example
 * import { generateResultKeyPair } from '@proofgrid/sdk';
 * const { privateKey, publicKey } = generateResultKeyPair();
 */
export function generateResultKeyPair(): ResultKeyPair {
  const priv = p256.utils.randomPrivateKey();
  return { privateKey: bytesToHex(priv), publicKey: bytesToHex(p256.getPublicKey(priv, true)) };
}

/** The compressed public key of a result private key. */
export function resultPublicKeyOf(privateKey: Hex): Hex {
  return bytesToHex(p256.getPublicKey(hexToBytes(privateKey), true));
}

function parsePublicKey(publicKey: Hex | Uint8Array): Uint8Array {
  const bytes = typeof publicKey === 'string' ? hexToBytes(publicKey) : publicKey;
  try {
    return p256.ProjectivePoint.fromHex(bytes).toRawBytes(true);
  } catch {
    throw new ProofgridError('not a P-256 public key (33-byte compressed or 65-byte uncompressed point)', {
      code: 'ResultKeyInvalid',
      kind: 'user',
    });
  }
}

/** True when `blob` starts with the version-1 encrypted-result header. */
export function isEncryptedResult(blob: Uint8Array): boolean {
  return blob.length >= 4 + 33 + 16 && RESULT_CIPHER_MAGIC.every((b, i) => blob[i] === b);
}

function scalarFrom(bytes: Uint8Array): Uint8Array {
  const x = BigInt(bytesToHex(bytes));
  const k = (x % (N - 1n)) + 1n;
  return hexToBytes(`0x${k.toString(16).padStart(64, '0')}`);
}

export type EncryptResultOptions = {
  /** Derive the ephemeral key from the plaintext, the task and a per-deal secret (workers). */
  deterministic?: { taskId: Hex; dealSecret?: Hex };
};

/**
 * Encrypts `plain` for the holder of `publicKey`'s private key.
 * @example
 * import { encryptResult } from '@proofgrid/sdk';
 * const blob = await encryptResult(encodeResult(result), resultPublicKey, { deterministic: { taskId, dealSecret } });
 */
export async function encryptResult(plain: Uint8Array, publicKey: Hex | Uint8Array, opts: EncryptResultOptions = {}): Promise<Uint8Array> {
  const R = parsePublicKey(publicKey);
  let k: Uint8Array;
  if (opts.deterministic) {
    const secret = opts.deterministic.dealSecret ? hexToBytes(opts.deterministic.dealSecret) : new Uint8Array();
    const ikm = concatBytes(await sha256Bytes(plain), secret);
    k = scalarFrom(await hkdf(ikm, hexToBytes(opts.deterministic.taskId), concatBytes(INFO_EPHEMERAL, R), 48));
  } else {
    k = p256.utils.randomPrivateKey();
  }
  const E = p256.getPublicKey(k, true);
  const Z = p256.getSharedSecret(k, R, true).subarray(1);
  const okm = await hkdf(Z, E, concatBytes(INFO, R), 44);
  const header = concatBytes(RESULT_CIPHER_MAGIC, E);
  const sealed = await aesGcmEncrypt(okm.subarray(0, 32), okm.subarray(32), plain, concatBytes(header, R));
  k.fill(0);
  return concatBytes(header, sealed);
}

/**
 * Decrypts a result blob with the requester's private key; throws `ResultDecryptFailed` for a
 * wrong key or tampered bytes, `ResultFormatInvalid` for something else.
 */
export async function decryptResult(blob: Uint8Array, privateKey: Hex | Uint8Array): Promise<Uint8Array> {
  if (!isEncryptedResult(blob))
    throw new ProofgridError('not a version-1 Proofgrid encrypted result (bad header or too short)', {
      code: 'ResultFormatInvalid',
      kind: 'user',
    });
  const d = typeof privateKey === 'string' ? hexToBytes(privateKey) : privateKey;
  const E = blob.subarray(4, 37);
  let Z: Uint8Array;
  let R: Uint8Array;
  try {
    R = p256.getPublicKey(d, true);
    Z = p256.getSharedSecret(d, E, true).subarray(1);
  } catch {
    throw new ProofgridError('the result does not decrypt: invalid key or ephemeral point', { code: 'ResultDecryptFailed', kind: 'user' });
  }
  const okm = await hkdf(Z, E, concatBytes(INFO, R), 44);
  const plain = await aesGcmDecrypt(okm.subarray(0, 32), okm.subarray(32), blob.subarray(37), concatBytes(blob.subarray(0, 37), R));
  if (!plain)
    throw new ProofgridError('the result does not decrypt: wrong key or tampered ciphertext', {
      code: 'ResultDecryptFailed',
      kind: 'user',
    });
  return plain;
}
