import { type Hex, type TransactionReceipt, parseEventLogs, zeroAddress, zeroHash } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealId, DealKey } from '../../types/ids.ts';
import { completeOrder } from '../../orders/requestTerms.ts';
import type { AppOrder, DatasetOrder, RequestOrderInput, Signed, WorkerpoolOrder } from '../../types/orders.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

export type MatchOrdersParameters = {
  appOrder: Signed<AppOrder>;
  /** Omit when the request has no dataset. */
  datasetOrder?: Signed<DatasetOrder>;
  workerpoolOrder: Signed<WorkerpoolOrder>;
  /** Its verification terms default to 0 when absent (decision 026). */
  requestOrder: Signed<RequestOrderInput>;
};
export type MatchOrdersReturnType = { dealId: DealId; key: DealKey; receipt: TransactionReceipt };

/** The empty dataset order passed when a request has no dataset. */
export const NO_DATASET_ORDER: Signed<DatasetOrder> = {
  dataset: 0n,
  price: 0n,
  volume: 0n,
  tag: zeroHash,
  appRestrict: 0n,
  workerpoolRestrict: 0n,
  requesterRestrict: zeroAddress,
  expiry: 0n,
  salt: zeroHash,
  signature: '0x',
};

/**
 * Matches four compatible orders into a deal (a bag of `volume` tasks) and returns its key.
 * Anyone may call it; the requester pays and the pool owner stakes.
 * @example
 * import { matchOrders } from '@proofgrid/sdk';
 * const { dealId, key } = await matchOrders(client, { appOrder, workerpoolOrder, requestOrder });
 */
export async function matchOrders(
  client: ProofgridClient,
  { appOrder, datasetOrder = NO_DATASET_ORDER, workerpoolOrder, requestOrder }: MatchOrdersParameters,
): Promise<MatchOrdersReturnType> {
  const receipt = await sendHubTransaction(client, {
    functionName: 'matchOrders',
    args: [appOrder, datasetOrder, workerpoolOrder, { ...completeOrder('request', requestOrder), signature: requestOrder.signature }],
  });
  const [event] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'DealMatched' });
  const args = (event as unknown as { args: { dealId: Hex; key: DealKey } }).args;
  return { dealId: args.dealId, key: args.key, receipt };
}
