// proofgrid dataset encrypt and proofgrid result decrypt as real processes (no market needed).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { contentHashOf, decryptDataset, encodeResult, encryptResult, generateResultKeyPair } from '@proofgrid/sdk';

const BIN = join(resolve(import.meta.dirname, '../../..'), 'packages/cli/bin/proofgrid.mjs');
const dir = mkdtempSync(join(tmpdir(), 'proofgrid-cli-conf-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [BIN, ...args, '--json'], { cwd: dir, encoding: 'utf8' }));

test('dataset encrypt writes the ciphertext and a 0600 key file; the key decrypts it', async () => {
  const plain = new TextEncoder().encode('a,b,label\n1,2,0\n3,4,1\n');
  writeFileSync(join(dir, 'train.csv'), plain);
  const r = cli('dataset', 'encrypt', 'train.csv', '--out', 'train.pgd');
  const blob = new Uint8Array(readFileSync(join(dir, 'train.pgd')));
  assert.equal(r.contentHash, contentHashOf(blob));
  assert.equal(statSync(join(dir, 'train.pgd.key')).mode & 0o777, 0o600);
  const key = readFileSync(join(dir, 'train.pgd.key'), 'utf8').trim() as `0x${string}`;
  assert.deepEqual(await decryptDataset(blob, key), plain);
});

test('result decrypt reads a result encrypted for the key, checks its digest, writes stdout and files', async () => {
  const { privateKey, publicKey } = generateResultKeyPair();
  const blob = await encryptResult(
    encodeResult({ stdout: new TextEncoder().encode('{"loss":0.4}\n'), files: { 'model.csv': new TextEncoder().encode('1,2,3\n') } }),
    publicKey,
  );
  writeFileSync(join(dir, 'result.bin'), blob);
  writeFileSync(join(dir, 'result.key'), `${privateKey}\n`);
  const r = cli('result', 'decrypt', 'result.bin', '--key-file', 'result.key', '--digest', contentHashOf(blob), '--out', 'res');
  assert.deepEqual(r.files, ['model.csv']);
  assert.equal(readFileSync(join(dir, 'res', 'stdout'), 'utf8'), '{"loss":0.4}\n');
  assert.equal(readFileSync(join(dir, 'res', 'model.csv'), 'utf8'), '1,2,3\n');
  writeFileSync(join(dir, 'other.key'), `${generateResultKeyPair().privateKey}\n`);
  assert.throws(
    () => execFileSync(process.execPath, [BIN, 'result', 'decrypt', 'result.bin', '--key-file', 'other.key'], { cwd: dir, stdio: 'pipe' }),
    /ResultDecryptFailed/,
  );
});
