import type { Address } from 'viem';
import type { OrderKind } from '../types/orders.ts';

/** EIP-712 types of the four orders, field for field as in contracts/src/libraries/OrderHashing.sol. */
export const ORDER_TYPES = {
  AppOrder: [
    { name: 'app', type: 'uint256' },
    { name: 'price', type: 'uint256' },
    { name: 'volume', type: 'uint256' },
    { name: 'tag', type: 'bytes32' },
    { name: 'datasetRestrict', type: 'uint256' },
    { name: 'workerpoolRestrict', type: 'uint256' },
    { name: 'requesterRestrict', type: 'address' },
    { name: 'expiry', type: 'uint256' },
    { name: 'salt', type: 'bytes32' },
  ],
  DatasetOrder: [
    { name: 'dataset', type: 'uint256' },
    { name: 'price', type: 'uint256' },
    { name: 'volume', type: 'uint256' },
    { name: 'tag', type: 'bytes32' },
    { name: 'appRestrict', type: 'uint256' },
    { name: 'workerpoolRestrict', type: 'uint256' },
    { name: 'requesterRestrict', type: 'address' },
    { name: 'expiry', type: 'uint256' },
    { name: 'salt', type: 'bytes32' },
  ],
  WorkerpoolOrder: [
    { name: 'workerpool', type: 'uint256' },
    { name: 'price', type: 'uint256' },
    { name: 'volume', type: 'uint256' },
    { name: 'tag', type: 'bytes32' },
    { name: 'category', type: 'uint256' },
    { name: 'trust', type: 'uint256' },
    { name: 'appRestrict', type: 'uint256' },
    { name: 'datasetRestrict', type: 'uint256' },
    { name: 'requesterRestrict', type: 'address' },
    { name: 'expiry', type: 'uint256' },
    { name: 'salt', type: 'bytes32' },
  ],
  RequestOrder: [
    { name: 'app', type: 'uint256' },
    { name: 'appMaxPrice', type: 'uint256' },
    { name: 'dataset', type: 'uint256' },
    { name: 'datasetMaxPrice', type: 'uint256' },
    { name: 'workerpool', type: 'uint256' },
    { name: 'workerpoolMaxPrice', type: 'uint256' },
    { name: 'requester', type: 'address' },
    { name: 'volume', type: 'uint256' },
    { name: 'tag', type: 'bytes32' },
    { name: 'category', type: 'uint256' },
    { name: 'trust', type: 'uint256' },
    { name: 'callback', type: 'address' },
    { name: 'params', type: 'string' },
    { name: 'expiry', type: 'uint256' },
    { name: 'salt', type: 'bytes32' },
    { name: 'verification', type: 'uint8' },
    { name: 'challengeWindow', type: 'uint64' },
    { name: 'rollbackWindow', type: 'uint64' },
    { name: 'inputsRoot', type: 'bytes32' },
  ],
} as const;

export const PRIMARY_TYPE = {
  app: 'AppOrder',
  dataset: 'DatasetOrder',
  workerpool: 'WorkerpoolOrder',
  request: 'RequestOrder',
} as const satisfies Record<OrderKind, keyof typeof ORDER_TYPES>;

/** The hub's EIP-712 domain: orders are bound to one chain and one hub. */
export function orderDomain(chainId: number, hub: Address) {
  return { name: 'Proofgrid', version: '1', chainId, verifyingContract: hub } as const;
}
