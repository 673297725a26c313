import type { Hex } from 'viem';
import { hubAbi } from '../abi/index.ts';
import { eventsInRanges } from '../actions/dispute/eventsInRanges.ts';
import { ApiError } from '../api/ApiError.ts';
import type { DealView, MarketClient } from '../api/createMarketClient.ts';
import type { ProofgridClient } from '../clients/createProofgridClient.ts';
import { ProofgridError } from '../errors/index.ts';
import { type TaskResult, resultDigestOf } from '../results/resultCodec.ts';
import { provableDigestOf } from '../utils/provableDigest.ts';
import { type ProvableResultCheck, openProvableBlob, requireProvableCheck } from './provableResults.ts';

type Answered = { index: number; digest: Hex; outputDigest: Hex; claim: { startRoot: Hex; endRoot: Hex; steps: bigint } };

/**
 * An optimistic deal's results (decision 026). Its tasks have no batch root: each answer is on chain (`TaskAnswered`:
 * the provable digest, the run's output commitment and claim). Each answered task that was not overturned is
 * downloaded by its blob's sha256 (the deal view's `digest`), checked against it, opened with `resultKey` when sealed
 * for the requester, and handed to `checkProvable` with the answer's output commitment, which the blob must yield
 * (packages/disputes `verifyProvableResult`). Tasks not answered (or overturned and refunded) have no result.
 * @example
 * const results = await fetchAnsweredResults(requester, market, deal, { resultKey, checkProvable });
 */
export async function fetchAnsweredResults(
  client: ProofgridClient,
  market: MarketClient,
  deal: DealView,
  { resultKey, checkProvable }: { resultKey?: Hex; checkProvable?: ProvableResultCheck },
): Promise<({ index: number; digest: Hex; encrypted: boolean } & TaskResult)[]> {
  const fromBlock = deal.matchTx ? (await client.public.getTransactionReceipt({ hash: deal.matchTx })).blockNumber : 0n;
  const logs = await eventsInRanges(client, {
    address: client.deployment.hub,
    abi: hubAbi,
    eventNames: ['TaskAnswered'],
    args: { dealId: deal.dealId },
    fromBlock,
  });
  const answers = new Map<number, Answered>();
  for (const e of logs) {
    const a = e.args as unknown as Answered & { index: number | bigint };
    answers.set(Number(a.index), { ...a, index: Number(a.index) });
  }
  const out: ({ index: number; digest: Hex; encrypted: boolean } & TaskResult)[] = [];
  for (const t of deal.tasks) {
    const answer = answers.get(t.index);
    if (!answer || t.answer === 'refunded' || !t.digest) continue;
    if (provableDigestOf(answer.outputDigest, answer.claim).toLowerCase() !== answer.digest.toLowerCase())
      throw new ProofgridError(`task ${t.index}: the answer's digest is not its claim's`, { code: 'ResultRootMismatch', kind: 'platform' });
    const check = requireProvableCheck(checkProvable, t.index);
    const [blob] = await market.getBlobs([t.digest]);
    if (!blob || resultDigestOf(blob) !== t.digest)
      throw new ApiError(`result ${t.digest} does not match its digest`, { code: 'BlobHashMismatch', status: 0 });
    const result = await openProvableBlob(blob, { index: t.index, outputDigest: answer.outputDigest, digest: t.digest, resultKey, check });
    out.push({ index: t.index, digest: answer.digest, ...result });
  }
  return out;
}
