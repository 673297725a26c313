import { type Address, type Hex, verifyMessage } from 'viem';
import type { MessageSigner } from './createSecretsClient.ts';

/**
 * A signed delivery receipt (D4): the receiver states it received the content with this sha256
 * for this task. A provider holding it answers a false "not received" claim; since it names the
 * hash, it also proves what was received. Workers sign one for the dataset inside every key
 * request (see `keyRequestMessage`); requesters sign one for results with `signDeliveryReceipt`.
 */
export type DeliveryReceipt = {
  kind: 'dataset' | 'result';
  chainId: number;
  contentHash: Hex;
  dealId: Hex;
  taskIndex: number;
  receiver: Address;
  timestamp: number;
  signature: Hex;
};

export function deliveryReceiptMessage(r: Omit<DeliveryReceipt, 'signature'>): string {
  return [
    'Proofgrid delivery receipt',
    `chain: ${r.chainId}`,
    `kind: ${r.kind}`,
    `content sha256: ${r.contentHash.toLowerCase()}`,
    `deal: ${r.dealId.toLowerCase()}`,
    `task: ${r.taskIndex}`,
    `receiver: ${r.receiver.toLowerCase()}`,
    `timestamp: ${r.timestamp}`,
  ].join('\n');
}

/**
 * Signs a receipt for content received and checked against its hash.
 * @example
 * import { signDeliveryReceipt } from '@proofgrid/sdk';
 * const receipt = await signDeliveryReceipt(requester.account, { kind: 'result', chainId, contentHash: digest, dealId, taskIndex: 0 });
 */
export async function signDeliveryReceipt(
  account: MessageSigner,
  r: Omit<DeliveryReceipt, 'signature' | 'receiver' | 'timestamp'> & { timestamp?: number },
): Promise<DeliveryReceipt> {
  const body = { ...r, receiver: account.address, timestamp: r.timestamp ?? Math.floor(Date.now() / 1000) };
  return { ...body, signature: await account.signMessage({ message: deliveryReceiptMessage(body) }) };
}

/** True when the receipt is signed by its receiver (and, if given, names `contentHash`). */
export async function verifyDeliveryReceipt(r: DeliveryReceipt, expect: { contentHash?: Hex } = {}): Promise<boolean> {
  if (expect.contentHash && expect.contentHash.toLowerCase() !== r.contentHash.toLowerCase()) return false;
  const { signature, ...body } = r;
  return verifyMessage({ address: r.receiver, message: deliveryReceiptMessage(body), signature }).catch(() => false);
}
