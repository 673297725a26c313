import { type Address, type Hex, hashTypedData } from 'viem';
import type { OrderKind, OrderOf } from '../types/orders.ts';
import { type OrderInputOf, completeOrder } from './requestTerms.ts';
import { ORDER_TYPES, PRIMARY_TYPE, orderDomain } from './typedData.ts';

export type HashOrderParameters<K extends OrderKind> = { kind: K; order: OrderInputOf<K>; chainId: number; hub: Address };

/**
 * The EIP-712 digest of an order, as the hub computes it (`hashAppOrder` & co.).
 * @example
 * import { hashOrder } from '@proofgrid/sdk';
 * const digest = hashOrder({ kind: 'app', order, chainId: 31337, hub });
 */
export function hashOrder<K extends OrderKind>({ kind, order, chainId, hub }: HashOrderParameters<K>): Hex {
  const { signature: _ignored, ...message } = completeOrder(kind, order) as OrderOf<K> & { signature?: Hex };
  return hashTypedData({
    domain: orderDomain(chainId, hub),
    types: ORDER_TYPES,
    primaryType: PRIMARY_TYPE[kind],
    message: message as never,
  });
}
