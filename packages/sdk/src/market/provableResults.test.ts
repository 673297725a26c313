// Decision 030 point 6: a provable batch's task result, as fetchResults checks it: the leaf rebuilt from the deal
// view's pre-image, the blob (sealed for the requester or not) handed to the caller's commitment check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hex } from 'viem';
import type { TaskView } from '../api/createMarketClient.ts';
import { encryptResult, generateResultKeyPair } from '../crypto/resultCipher.ts';
import { ProofgridError } from '../errors/index.ts';
import { provableDigestOf } from '../utils/provableDigest.ts';
import { isProvableTask, provableResultOf } from './provableResults.ts';

const h = (b: string) => `0x${b.repeat(32)}` as Hex;
const leaf = { outputDigest: h('d1'), claim: { startRoot: h('a1'), endRoot: h('b1'), steps: '1234' } };
const digest = provableDigestOf(leaf.outputDigest, { ...leaf.claim, steps: 1234n });
const task: TaskView = { index: 3, status: 'finalized', digest, blob: h('c1'), leaf, workers: [], attempts: 1 };
const plain = new TextEncoder().encode('provable blob');
const seen: { blob: string; index: number; outputDigest: Hex }[] = [];
const check = (blob: Uint8Array, t: { index: number; outputDigest: Hex }) => {
  seen.push({ blob: new TextDecoder().decode(blob), ...t });
  return { stdout: blob, files: {} };
};
const code = (c: string) => (e: unknown) => e instanceof ProofgridError && e.code === c;

test("a provable task's blob goes to the caller's check with its leaf's output commitment, opened first when sealed", async () => {
  assert.equal(isProvableTask(task), true);
  assert.equal(isProvableTask({ ...task, blob: undefined, leaf: undefined }), false);
  seen.length = 0;
  const r = await provableResultOf(task, plain, { check });
  assert.deepEqual([r.encrypted, new TextDecoder().decode(r.stdout)], [false, 'provable blob']);
  const { privateKey, publicKey } = generateResultKeyPair();
  const sealed = await encryptResult(plain, publicKey);
  await assert.rejects(provableResultOf(task, sealed, { check }), code('ResultEncrypted'));
  const opened = await provableResultOf(task, sealed, { check, resultKey: privateKey });
  assert.equal(opened.encrypted, true);
  assert.deepEqual(seen, [
    { blob: 'provable blob', index: 3, outputDigest: leaf.outputDigest },
    { blob: 'provable blob', index: 3, outputDigest: leaf.outputDigest },
  ]);
});

test('a pre-image that does not hash to the leaf, a missing check, or a failing check is refused', async () => {
  const forged = { ...task, leaf: { ...leaf, outputDigest: h('ee') } };
  await assert.rejects(provableResultOf(forged, plain, { check }), code('ResultRootMismatch'));
  await assert.rejects(provableResultOf(task, plain, {}), code('ProvableCheckMissing'));
  const mismatch = () => {
    throw new ProofgridError('no', { code: 'ProvableResultMismatch' });
  };
  await assert.rejects(provableResultOf(task, plain, { check: mismatch }), code('ProvableResultMismatch'));
});
