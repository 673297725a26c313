import { type Hex, keccak256, toHex, zeroAddress, zeroHash } from 'viem';
import type { MarketClient } from '../api/createMarketClient.ts';
import { createDataset } from '../actions/dataset/createDataset.ts';
import { requireAccount } from '../actions/sendHubTransaction.ts';
import type { ProofgridClient } from '../clients/createProofgridClient.ts';
import { signOrder } from '../orders/signOrder.ts';
import { contentHashOf } from '../results/resultCodec.ts';

export type PublishDatasetParameters = {
  content: Uint8Array;
  name: string;
  /** Price per task, token wei. */
  price: bigint;
  volume?: bigint;
};

/**
 * Publishes a dataset: stores its content by hash, registers it on chain and publishes a signed
 * dataset order to the market.
 * @example
 * import { publishDataset } from '@proofgrid/sdk';
 * const { dataset, orderHash } = await publishDataset(owner, market, { content, name: 'returns', price: 10n ** 15n });
 */
export async function publishDataset(client: ProofgridClient, market: MarketClient, p: PublishDatasetParameters) {
  requireAccount(client);
  const contentHash = contentHashOf(p.content);
  await market.putBlob(p.content, contentHash);
  const { dataset } = await createDataset(client, { name: p.name, uri: `blob:${contentHash}`, contentHash });
  const { orderHash } = await publishDatasetOrder(client, market, { dataset, price: p.price, volume: p.volume });
  return { dataset, contentHash, orderHash };
}

/**
 * Signs and publishes a dataset order for an existing dataset.
 * @example
 * import { publishDatasetOrder } from '@proofgrid/sdk';
 * const { orderHash } = await publishDatasetOrder(owner, market, { dataset: 1n, price: 10n ** 15n });
 */
export async function publishDatasetOrder(client: ProofgridClient, market: MarketClient, { dataset, price, volume = 1_000_000n }: { dataset: bigint; price: bigint; volume?: bigint }) {
  const { wallet } = requireAccount(client);
  const salt: Hex = keccak256(toHex(crypto.getRandomValues(new Uint8Array(32))));
  const order = { dataset, price, volume, tag: zeroHash, appRestrict: 0n, workerpoolRestrict: 0n, requesterRestrict: zeroAddress, expiry: 0n, salt };
  const signed = await signOrder(wallet, { kind: 'dataset', order, chainId: client.deployment.chainId, hub: client.deployment.hub });
  const { hash } = await market.publishOrder('dataset', signed);
  return { orderHash: hash };
}
