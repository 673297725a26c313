import type { Hex } from 'viem';
import type { OrderKind, OrderOf, RequestOrder, RequestOrderInput } from '../types/orders.ts';

/** No inputs root: the tasks' inputs are not bound (decision 031). */
export const ZERO_ROOT: Hex = `0x${'0'.repeat(64)}`;

/** An order as callers build it: a request order may leave its verification terms out (decision 026). */
export type OrderInputOf<K extends OrderKind> = K extends 'request' ? RequestOrderInput : OrderOf<K>;

/**
 * The order with every EIP-712 field: a request order's missing verification terms become 0 (replicated,
 * the hub's rollback window) and a missing inputs root zero (unbound), which is what the hub hashes for an order that never named them.
 */
export function completeOrder<K extends OrderKind>(kind: K, order: OrderInputOf<K>): OrderOf<K> {
  if (kind !== 'request') return order as OrderOf<K>;
  const r = order as RequestOrderInput;
  const complete: RequestOrder = {
    ...r,
    verification: r.verification ?? 0,
    challengeWindow: r.challengeWindow ?? 0n,
    rollbackWindow: r.rollbackWindow ?? 0n,
    inputsRoot: r.inputsRoot ?? ZERO_ROOT,
  };
  return complete as OrderOf<K>;
}
