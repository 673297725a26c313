import type { Account, Address, WalletClient } from 'viem';
import type { OrderKind, OrderOf, Signed } from '../types/orders.ts';
import { type OrderInputOf, completeOrder } from './requestTerms.ts';
import { ORDER_TYPES, PRIMARY_TYPE, orderDomain } from './typedData.ts';

export type SignOrderParameters<K extends OrderKind> = {
  kind: K;
  order: OrderInputOf<K>;
  chainId: number;
  hub: Address;
  account?: Account | Address;
};

/**
 * Signs an order with EIP-712 (`eth_signTypedData_v4`), locally or through an injected wallet.
 * @example
 * import { signOrder } from '@proofgrid/sdk';
 * const signed = await signOrder(walletClient, { kind: 'request', order, chainId, hub });
 */
export async function signOrder<K extends OrderKind>(
  wallet: WalletClient,
  { kind, order, chainId, hub, account }: SignOrderParameters<K>,
): Promise<Signed<OrderOf<K>>> {
  const complete = completeOrder(kind, order);
  const signer = account ?? wallet.account;
  if (!signer) throw new Error('signOrder: the wallet client has no account');
  const signature = await wallet.signTypedData({
    account: signer,
    domain: orderDomain(chainId, hub),
    types: ORDER_TYPES,
    primaryType: PRIMARY_TYPE[kind],
    message: complete as never,
  });
  return { ...complete, signature };
}
