import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { type OrderInputOf, completeOrder } from '../../orders/requestTerms.ts';
import type { OrderKind } from '../../types/orders.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';

const PRESIGN = {
  app: 'presignAppOrder',
  dataset: 'presignDatasetOrder',
  workerpool: 'presignWorkerpoolOrder',
  request: 'presignRequestOrder',
} as const;

export type PresignOrderParameters<K extends OrderKind> = { kind: K; order: OrderInputOf<K> };

/**
 * Approves an order on chain instead of signing it (for contracts that cannot sign, M2): the
 * order then matches with an empty signature. Only the order's owner may presign it.
 * @example
 * import { presignOrder } from '@proofgrid/sdk';
 * await presignOrder(client, { kind: 'request', order });
 */
export async function presignOrder<K extends OrderKind>(client: ProofgridClient, { kind, order }: PresignOrderParameters<K>) {
  return sendHubTransaction(client, { functionName: PRESIGN[kind], args: [{ ...completeOrder(kind, order), signature: '0x' }] as never });
}
