import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesToHex, keccak256, toHex } from 'viem';
import {
  contentHashOf,
  decryptDataset,
  decryptResult,
  encodeResult,
  encryptDataset,
  encryptResult,
  generateDatasetKey,
  generateResultKeyPair,
  isEncryptedResult,
  resultPublicKeyOf,
} from '../index.ts';

const plain = new TextEncoder().encode('date,ret\n2024-01-02,0.013\n2024-01-03,-0.004\n');

test('dataset cipher: round trip, a fresh IV each time, versioned header', async () => {
  const key = generateDatasetKey();
  const a = await encryptDataset(plain, key);
  const b = await encryptDataset(plain, key);
  assert.deepEqual([...a.subarray(0, 4)], [0x50, 0x47, 0x44, 0x01]);
  assert.notEqual(bytesToHex(a), bytesToHex(b), 'random IV');
  assert.deepEqual(await decryptDataset(a, key), plain);
  assert.deepEqual(await decryptDataset(a, bytesToHex(key)), plain);
});

test('dataset cipher: a wrong key or one flipped bit is refused, and the content hash changes', async () => {
  const key = generateDatasetKey();
  const blob = await encryptDataset(plain, key);
  await assert.rejects(decryptDataset(blob, generateDatasetKey()), { code: 'DatasetDecryptFailed' });
  const tampered = blob.slice();
  tampered[30]! ^= 1;
  assert.notEqual(contentHashOf(tampered), contentHashOf(blob));
  await assert.rejects(decryptDataset(tampered, key), { code: 'DatasetDecryptFailed' });
  const badVersion = blob.slice();
  badVersion[3] = 2;
  await assert.rejects(decryptDataset(badVersion, key), { code: 'DatasetFormatInvalid' });
});

test('result cipher: only the private key of the named public key decrypts', async () => {
  const requester = generateResultKeyPair();
  const other = generateResultKeyPair();
  assert.equal(resultPublicKeyOf(requester.privateKey), requester.publicKey);
  const result = encodeResult({
    stdout: new TextEncoder().encode('{"weights":[1,2]}\n'),
    files: { 'model.csv': new Uint8Array([1, 2, 3]) },
  });
  const blob = await encryptResult(result, requester.publicKey);
  assert.ok(isEncryptedResult(blob));
  assert.deepEqual(await decryptResult(blob, requester.privateKey), result);
  await assert.rejects(decryptResult(blob, other.privateKey), { code: 'ResultDecryptFailed' });
  // Public information only: the public key itself as a "private key", or the ephemeral point.
  await assert.rejects(decryptResult(blob, keccak256(requester.publicKey)), { code: 'ResultDecryptFailed' });
  const tampered = blob.slice();
  tampered[tampered.length - 1]! ^= 1;
  await assert.rejects(decryptResult(tampered, requester.privateKey), { code: 'ResultDecryptFailed' });
});

test('result cipher: deterministic mode gives replicated workers the same blob (consensus on its hash)', async () => {
  const { publicKey, privateKey } = generateResultKeyPair();
  const result = encodeResult({ stdout: new TextEncoder().encode('42\n'), files: {} });
  const taskId = keccak256(toHex('task 0'));
  const dealSecret = keccak256(toHex('deal secret'));
  const w1 = await encryptResult(result, publicKey, { deterministic: { taskId, dealSecret } });
  const w2 = await encryptResult(result.slice(), publicKey, { deterministic: { taskId, dealSecret } });
  assert.equal(contentHashOf(w1), contentHashOf(w2));
  assert.deepEqual(await decryptResult(w1, privateKey), result);
  // Another task, another deal secret or another result: another blob.
  const otherTask = await encryptResult(result, publicKey, { deterministic: { taskId: keccak256(toHex('task 1')), dealSecret } });
  const otherSecret = await encryptResult(result, publicKey, { deterministic: { taskId, dealSecret: keccak256(toHex('x')) } });
  assert.notEqual(contentHashOf(otherTask), contentHashOf(w1));
  assert.notEqual(contentHashOf(otherSecret), contentHashOf(w1));
  // Random mode: never the same twice.
  assert.notEqual(contentHashOf(await encryptResult(result, publicKey)), contentHashOf(await encryptResult(result, publicKey)));
});
