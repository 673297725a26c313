import { type Hex, bytesToHex, hexToBytes } from 'viem';
import { ProofgridError } from '../errors/ProofgridError.ts';
import { aesGcmDecrypt, aesGcmEncrypt, concatBytes, randomBytes } from './bytes.ts';

/**
 * Dataset encryption (D1, C3): AES-256-GCM under a 32-byte key the dataset owner keeps and hands
 * to the secret service. Format, version 1:
 *   "PGD" ‖ 0x01 ‖ iv (12 random bytes) ‖ ciphertext ‖ GCM tag (16)
 * The 4-byte header is the associated data, so the version cannot be swapped. The registry's
 * `contentHash` is sha256 of this whole blob: the ciphertext is what is published and checked.
 */
export const DATASET_CIPHER_MAGIC = new Uint8Array([0x50, 0x47, 0x44, 0x01]);
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A fresh random 256-bit dataset key. */
export function generateDatasetKey(): Uint8Array {
  return randomBytes(32);
}

function keyBytes(key: Uint8Array | Hex): Uint8Array {
  const k = typeof key === 'string' ? hexToBytes(key) : key;
  if (k.length !== 32) throw new ProofgridError(`a dataset key is 32 bytes, got ${k.length}`, { code: 'DatasetKeyInvalid', kind: 'user' });
  return k;
}

/** True when `blob` starts with the version-1 dataset header. */
export function isEncryptedDataset(blob: Uint8Array): boolean {
  return blob.length >= 4 + IV_BYTES + TAG_BYTES && DATASET_CIPHER_MAGIC.every((b, i) => blob[i] === b);
}

/**
 * Encrypts a dataset for publication.
 * @example
 * import { encryptDataset, generateDatasetKey } from '@proofgrid/sdk';
 * const key = generateDatasetKey(); const blob = await encryptDataset(csvBytes, key);
 */
export async function encryptDataset(plain: Uint8Array, key: Uint8Array | Hex): Promise<Uint8Array> {
  const iv = randomBytes(IV_BYTES);
  const sealed = await aesGcmEncrypt(keyBytes(key), iv, plain, DATASET_CIPHER_MAGIC);
  return concatBytes(DATASET_CIPHER_MAGIC, iv, sealed);
}

/** Decrypts a dataset blob; throws `DatasetFormatInvalid` or `DatasetDecryptFailed` (wrong key, tampered). */
export async function decryptDataset(blob: Uint8Array, key: Uint8Array | Hex): Promise<Uint8Array> {
  if (!isEncryptedDataset(blob))
    throw new ProofgridError('not a version-1 Proofgrid encrypted dataset (bad header or too short)', {
      code: 'DatasetFormatInvalid',
      kind: 'user',
    });
  const iv = blob.subarray(4, 4 + IV_BYTES);
  const plain = await aesGcmDecrypt(keyBytes(key), iv, blob.subarray(4 + IV_BYTES), DATASET_CIPHER_MAGIC);
  if (!plain)
    throw new ProofgridError('the dataset does not decrypt: wrong key or tampered ciphertext', {
      code: 'DatasetDecryptFailed',
      kind: 'user',
    });
  return plain;
}

export const datasetKeyToHex = (key: Uint8Array): Hex => bytesToHex(keyBytes(key));
