import type { Hex } from 'viem';
import { ApiError } from '../api/ApiError.ts';
import type { DealView, MarketClient } from '../api/createMarketClient.ts';
import { getBatchResult } from '../actions/batch/getBatchResult.ts';
import type { ProofgridClient } from '../clients/createProofgridClient.ts';
import { decryptResult, isEncryptedResult } from '../crypto/resultCipher.ts';
import { ProofgridError } from '../errors/index.ts';
import { type FailureReport, decodeFailureReport } from '../results/failure.ts';
import { contentHashOf } from '../results/resultCodec.ts';
import type { BatchId } from '../types/ids.ts';
import { batchIdOf } from '../utils/ids.ts';

/** A batch the app failed deterministically, as agreed on chain, with its verified report. */
export type BatchFailure = { batchId: BatchId; first: number; count: number; exitCode: number; outputDigest: Hex; report: FailureReport };

/**
 * The failure reports of a deal's batches that the app failed deterministically (finalized on
 * chain as failed by the app: paid as a success, the requester gets this report instead of
 * results). Each report is fetched from the market by its digest, checked against the digest
 * agreed on chain, and decrypted with `resultKey` when it was encrypted for the requester.
 * @example
 * import { fetchFailures } from '@proofgrid/sdk';
 * for (const f of await fetchFailures(requester, market, deal)) console.log(f.first, f.exitCode, f.report.stderr);
 */
export async function fetchFailures(
  client: ProofgridClient,
  market: MarketClient,
  deal: DealView,
  { resultKey }: { resultKey?: Hex } = {},
): Promise<BatchFailure[]> {
  const out: BatchFailure[] = [];
  for (const b of deal.batches) {
    const batchId = batchIdOf(deal.dealId, b.first, b.count);
    const { failure } = await getBatchResult(client, batchId);
    if (!failure) continue;
    const [blob] = await market.getBlobs([failure.outputDigest]);
    if (!blob)
      throw new ProofgridError(`the failure report ${failure.outputDigest} is not in the market`, {
        code: 'ResultMissing',
        kind: 'platform',
      });
    if (contentHashOf(blob) !== failure.outputDigest) {
      throw new ApiError(`failure report ${failure.outputDigest} does not match its digest`, { code: 'BlobHashMismatch', status: 0 });
    }
    let plain = blob;
    if (isEncryptedResult(blob)) {
      if (!resultKey) {
        throw new ProofgridError(`the failure report of batch ${batchId} is encrypted for the requester: pass resultKey`, {
          code: 'ResultEncrypted',
          kind: 'user',
          details: { digest: failure.outputDigest },
        });
      }
      plain = await decryptResult(blob, resultKey);
    }
    out.push({ batchId, first: b.first, count: b.count, ...failure, report: decodeFailureReport(plain) });
  }
  return out;
}
