import type { Abi, Address, ContractFunctionReturnType } from 'viem';
import { appRegistryAbi, datasetRegistryAbi, workerpoolRegistryAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { decodeError } from '../../errors/decodeError.ts';

export type AssetKind = 'app' | 'dataset' | 'workerpool';
type Owned = { id: bigint; owner: Address };
/** An app as its registry stores it (name, uri, moduleHash, tag, maxMemoryMb, category) and its owner. */
export type App = Owned & ContractFunctionReturnType<typeof appRegistryAbi, 'view', 'appOf'>;
/** A dataset as its registry stores it (name, uri, contentHash, tag) and its owner. */
export type Dataset = Owned & ContractFunctionReturnType<typeof datasetRegistryAbi, 'view', 'datasetOf'>;
/** A workerpool as its registry stores it (description, scheduler, ratios, resources) and its owner. */
export type Workerpool = Owned & ContractFunctionReturnType<typeof workerpoolRegistryAbi, 'view', 'workerpoolOf'>;

const REGISTRIES = {
  app: { address: (c: ProofgridClient) => c.deployment.apps, abi: appRegistryAbi, read: 'appOf' },
  dataset: { address: (c: ProofgridClient) => c.deployment.datasets, abi: datasetRegistryAbi, read: 'datasetOf' },
  workerpool: { address: (c: ProofgridClient) => c.deployment.workerpools, abi: workerpoolRegistryAbi, read: 'workerpoolOf' },
} as const;

/** The three registries share `count`, `ownerOf` and a metadata view: one untyped call, typed by the callers below. */
function call(client: ProofgridClient, kind: AssetKind, functionName: string, args: readonly unknown[] = []): Promise<unknown> {
  const r = REGISTRIES[kind];
  return client.public.readContract({ address: r.address(client), abi: r.abi, functionName, args } as never) as Promise<unknown>;
}

async function readAsset(client: ProofgridClient, kind: AssetKind, id: bigint): Promise<Owned & Record<string, unknown>> {
  try {
    const [meta, owner] = await Promise.all([call(client, kind, REGISTRIES[kind].read, [id]), call(client, kind, 'ownerOf', [id])]);
    return { ...(meta as Record<string, unknown>), id, owner: owner as Address };
  } catch (err) {
    throw decodeError(err, REGISTRIES[kind].abi as Abi); // `RegistryUnknownAsset` when no asset has this id
  }
}

/**
 * How many assets of a kind are registered (their ids run from 1 to the count).
 * @example
 * import { getAssetCount } from '@proofgrid/sdk';
 * const apps = await getAssetCount(client, { kind: 'app' });
 */
export async function getAssetCount(client: ProofgridClient, { kind }: { kind: AssetKind }): Promise<number> {
  return Number(await call(client, kind, 'count'));
}

/**
 * A registered app and its owner. Throws `RegistryUnknownAsset` when no app has this id.
 * @example
 * import { getApp } from '@proofgrid/sdk';
 * const { moduleHash, uri, owner } = await getApp(client, { app: 1n });
 */
export async function getApp(client: ProofgridClient, { app }: { app: bigint }): Promise<App> {
  return (await readAsset(client, 'app', app)) as App;
}

/**
 * A registered dataset and its owner. Throws `RegistryUnknownAsset` when no dataset has this id.
 * @example
 * import { getDataset } from '@proofgrid/sdk';
 * const { contentHash, uri } = await getDataset(client, { dataset: 1n });
 */
export async function getDataset(client: ProofgridClient, { dataset }: { dataset: bigint }): Promise<Dataset> {
  return (await readAsset(client, 'dataset', dataset)) as Dataset;
}

/**
 * A registered workerpool and its owner. Throws `RegistryUnknownAsset` when no pool has this id.
 * @example
 * import { getWorkerpool } from '@proofgrid/sdk';
 * const { scheduler, resources } = await getWorkerpool(client, { workerpool: 1n });
 */
export async function getWorkerpool(client: ProofgridClient, { workerpool }: { workerpool: bigint }): Promise<Workerpool> {
  return (await readAsset(client, 'workerpool', workerpool)) as Workerpool;
}
