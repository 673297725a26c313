import type { Hex } from 'viem';
import type { TaskView } from '../api/createMarketClient.ts';
import { decryptResult, isEncryptedResult } from '../crypto/resultCipher.ts';
import { ProofgridError } from '../errors/index.ts';
import type { TaskResult } from '../results/resultCodec.ts';
import { provableDigestOf } from '../utils/provableDigest.ts';

/**
 * Decodes a provable result blob (decision 030 point 6) and checks that it yields `outputDigest`, the output
 * commitment its leaf was built from; throws otherwise. The SDK may not import `@proofgrid/disputes`: callers pass
 * one built on its `verifyProvableResult`, e.g.
 * `(blob, t) => { const { result } = verifyProvableResult(blob, { inputFiles, expected: t.outputDigest }); return { stdout: result.stdout, files: ... } }`.
 */
export type ProvableResultCheck = (blob: Uint8Array, task: { index: number; outputDigest: Hex }) => TaskResult | Promise<TaskResult>;

/** A task of a provable batch: its leaf's pre-image and result blob's sha256 are in the deal view (decision 030 point 6). */
export const isProvableTask = (t: TaskView | undefined): boolean => Boolean(t?.blob && t.leaf);

/**
 * A provable task's result: its leaf (under the root agreed on chain, checked by the caller) must be the provable
 * digest of the pre-image the deal view serves, and the blob (already checked against its sha256) must yield that
 * pre-image's output commitment (`check`). A blob sealed for the requester is opened with `resultKey` first.
 */
export async function provableResultOf(
  t: TaskView,
  blob: Uint8Array,
  { resultKey, check }: { resultKey?: Hex; check?: ProvableResultCheck },
): Promise<TaskResult & { encrypted: boolean }> {
  const leaf = t.leaf as NonNullable<TaskView['leaf']>;
  const claim = { startRoot: leaf.claim.startRoot, endRoot: leaf.claim.endRoot, steps: BigInt(leaf.claim.steps) };
  if (provableDigestOf(leaf.outputDigest, claim).toLowerCase() !== t.digest?.toLowerCase())
    throw new ProofgridError(`task ${t.index}: the market's pre-image does not hash to its leaf ${t.digest}`, {
      code: 'ResultRootMismatch',
      kind: 'platform',
    });
  return openProvableBlob(blob, {
    index: t.index,
    outputDigest: leaf.outputDigest,
    digest: t.blob,
    resultKey,
    check: requireProvableCheck(check, t.index),
  });
}

/** `check`, or `ProvableCheckMissing`: a provable result is never handed back unchecked. */
export function requireProvableCheck(check: ProvableResultCheck | undefined, index: number): ProvableResultCheck {
  if (!check)
    throw new ProofgridError(`task ${index} has a provable result: pass checkProvable (built on verifyProvableResult)`, {
      code: 'ProvableCheckMissing',
      kind: 'user',
    });
  return check;
}

/**
 * A provable result blob (already checked against its sha256, `digest`) opened with `resultKey` when it is sealed for
 * the requester, then handed to `check`, which must find `outputDigest` in it. Shared by batch results and optimistic
 * answers (answeredResults.ts).
 */
export async function openProvableBlob(
  blob: Uint8Array,
  {
    index,
    outputDigest,
    digest,
    resultKey,
    check,
  }: { index: number; outputDigest: Hex; digest?: Hex; resultKey?: Hex; check: ProvableResultCheck },
): Promise<TaskResult & { encrypted: boolean }> {
  const encrypted = isEncryptedResult(blob);
  if (encrypted && !resultKey)
    throw new ProofgridError(
      `result ${index} is encrypted for the requester: pass resultKey (the private key of the request's resultPublicKey)`,
      { code: 'ResultEncrypted', kind: 'user', details: { digest } },
    );
  const plain = encrypted ? await decryptResult(blob, resultKey as Hex) : blob;
  return { ...(await check(plain, { index, outputDigest })), encrypted };
}
