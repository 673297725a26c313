import { type Hex, keccak256, toHex, zeroAddress, zeroHash } from 'viem';
import type { MarketClient } from '../api/createMarketClient.ts';
import { createDataset } from '../actions/dataset/createDataset.ts';
import { requireAccount } from '../actions/sendHubTransaction.ts';
import type { ProofgridClient } from '../clients/createProofgridClient.ts';
import { signOrder } from '../orders/signOrder.ts';
import { contentHashOf } from '../results/resultCodec.ts';
import { encryptDataset, generateDatasetKey } from '../crypto/datasetCipher.ts';
import { type SecretsClient, signerOf } from '../secrets/createSecretsClient.ts';
import type { DatasetRestrictions } from '../secrets/messages.ts';

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
export async function publishDatasetOrder(
  client: ProofgridClient,
  market: MarketClient,
  {
    dataset,
    price,
    volume = 1_000_000n,
    restrictions = {},
  }: { dataset: bigint; price: bigint; volume?: bigint; restrictions?: DatasetRestrictions },
) {
  const { wallet } = requireAccount(client);
  const salt: Hex = keccak256(toHex(crypto.getRandomValues(new Uint8Array(32))));
  const order = {
    dataset,
    price,
    volume,
    tag: zeroHash,
    appRestrict: restrictions.app ?? 0n,
    workerpoolRestrict: restrictions.workerpool ?? 0n,
    requesterRestrict: restrictions.requester ?? zeroAddress,
    expiry: 0n,
    salt,
  };
  const signed = await signOrder(wallet, { kind: 'dataset', order, chainId: client.deployment.chainId, hub: client.deployment.hub });
  const { hash } = await market.publishOrder('dataset', signed);
  return { orderHash: hash };
}

export type PublishEncryptedDatasetParameters = PublishDatasetParameters & {
  /** Who may use the dataset: enforced on chain by the dataset order and by the secret service. */
  restrictions?: DatasetRestrictions;
  /** An existing key (32 bytes); default a fresh random one. */
  key?: Uint8Array;
};

/**
 * Rents out a dataset without handing it over (D1): encrypts it client-side (AES-256-GCM),
 * publishes only the ciphertext (its sha256 is the registry's contentHash), registers it, hands
 * the key to the secret service bound to the dataset id, and publishes a dataset order with the
 * same restrictions. Keep the returned key to re-push it or re-encrypt later.
 * @example
 * import { createSecretsClient, publishEncryptedDataset } from '@proofgrid/sdk';
 * const { dataset, key } = await publishEncryptedDataset(owner, market, createSecretsClient({ url }), { content, name: 'returns', price, restrictions: { app } });
 */
export async function publishEncryptedDataset(
  client: ProofgridClient,
  market: MarketClient,
  secrets: SecretsClient,
  p: PublishEncryptedDatasetParameters,
) {
  requireAccount(client);
  const key = p.key ?? generateDatasetKey();
  const ciphertext = await encryptDataset(p.content, key);
  const contentHash = contentHashOf(ciphertext);
  await market.putBlob(ciphertext, contentHash);
  const { dataset } = await createDataset(client, { name: p.name, uri: `blob:${contentHash}`, contentHash });
  await secrets.pushSecret(signerOf(client as never), { dataset, key, restrictions: p.restrictions });
  const { orderHash } = await publishDatasetOrder(client, market, {
    dataset,
    price: p.price,
    volume: p.volume,
    restrictions: p.restrictions,
  });
  return { dataset, contentHash, orderHash, key };
}
