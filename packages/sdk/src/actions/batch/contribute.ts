import { type Hex, type TransactionReceipt, keccak256, toHex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { batchIdOf, dealIdOf, resultHashOf, resultSealOf } from '../../utils/ids.ts';
import { requireAccount, sendHubTransaction } from '../sendHubTransaction.ts';

export type ContributeParameters = {
  key: DealKey;
  first: number;
  count: number;
  /** The batch result root (buildResultTree(first, digests).root). */
  root: Hex;
  /** Keep it secret until reveal; default: random. */
  salt?: Hex;
  /** The scheduler's authorization signature. */
  authorization: Hex;
};
export type ContributeReturnType = { salt: Hex; resultHash: Hex; receipt: TransactionReceipt };

/** A fresh random reveal salt (32 bytes), for a caller that must keep it before it contributes. */
export const newSalt = (): Hex => keccak256(toHex(crypto.getRandomValues(new Uint8Array(32))));

/**
 * Commits a batch result (P1): publishes its hash and a seal bound to the caller, locks the stake.
 * Keep the returned salt for `reveal` (or choose it first with `newSalt` and keep it before sending).
 * @example
 * import { contribute } from '@proofgrid/sdk';
 * const { salt } = await contribute(worker, { key, first: 0, count: 10, root, authorization });
 */
export async function contribute(
  client: ProofgridClient,
  { key, first, count, root, salt = newSalt(), authorization }: ContributeParameters,
): Promise<ContributeReturnType> {
  const { account } = requireAccount(client);
  const batchId = batchIdOf(dealIdOf(key), first, count);
  const resultHash = resultHashOf(batchId, root);
  const seal = resultSealOf(account.address, batchId, root, salt);
  const receipt = await sendHubTransaction(client, {
    functionName: 'contribute',
    args: [key, first, count, resultHash, seal, authorization],
  });
  return { salt, resultHash, receipt };
}
