import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { type OrderInputOf, completeOrder } from '../../orders/requestTerms.ts';
import type { OrderKind, Signed } from '../../types/orders.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

const CANCEL = {
  app: 'cancelAppOrder',
  dataset: 'cancelDatasetOrder',
  workerpool: 'cancelWorkerpoolOrder',
  request: 'cancelRequestOrder',
} as const;

/** The order as signed (the hub takes the signature too, and checks the caller is its owner). */
export type CancelOrderParameters<K extends OrderKind> = { kind: K; order: Signed<OrderInputOf<K>> };
export type CancelOrderReturnType = { transactionHash: `0x${string}` };
export type CancelOrderErrorType = 'OrderUnauthorized';

/**
 * Cancels an order on chain for good: its whole volume is marked consumed, so no deal can use it
 * any more (the off-book cancel of the market only takes it off one orderbook). Only the order's
 * owner may cancel it (`OrderUnauthorized`).
 * @example
 * import { cancelOrder } from '@proofgrid/sdk';
 * await cancelOrder(client, { kind: 'request', order });
 */
export async function cancelOrder<K extends OrderKind>(
  client: ProofgridClient,
  { kind, order }: CancelOrderParameters<K>,
): Promise<CancelOrderReturnType> {
  const receipt = await sendHubTransaction(client, {
    functionName: CANCEL[kind],
    args: [{ ...completeOrder(kind, order), signature: order.signature }] as never,
  });
  return { transactionHash: receipt.transactionHash };
}
