// Reads of the asset registries (apps, datasets, workerpools) in the shape the CLI shows next to orders.
import { type ProofgridClient, getApp, getAssetCount, getCategories as getHubCategories, getDataset, getWorkerpool } from '@proofgrid/sdk';
import type { Address, Hex } from 'viem';

export type AppInfo = { app: bigint; owner: Address; name: string; uri: string; moduleHash: Hex; maxMemoryMb: number; category: number };
export type DatasetInfo = { dataset: bigint; owner: Address; name: string; uri: string; contentHash: Hex };
export type WorkerpoolInfo = {
  workerpool: bigint;
  owner: Address;
  description: string;
  scheduler: Address;
  workerStakeRatio: number;
  schedulerRewardRatio: number;
  resources: Record<string, unknown>;
};

/** How many assets of a kind are registered (ids run from 1 to the count). */
export function assetCount(client: ProofgridClient, kind: 'app' | 'dataset' | 'workerpool'): Promise<number> {
  return getAssetCount(client, { kind });
}

export async function getAppInfo(client: ProofgridClient, app: bigint): Promise<AppInfo> {
  const a = await getApp(client, { app });
  return { app, owner: a.owner, name: a.name, uri: a.uri, moduleHash: a.moduleHash, maxMemoryMb: a.maxMemoryMb, category: a.category };
}

export async function getDatasetInfo(client: ProofgridClient, dataset: bigint): Promise<DatasetInfo> {
  const d = await getDataset(client, { dataset });
  return { dataset, owner: d.owner, name: d.name, uri: d.uri, contentHash: d.contentHash };
}

export async function getWorkerpoolInfo(client: ProofgridClient, workerpool: bigint): Promise<WorkerpoolInfo> {
  const w = await getWorkerpool(client, { workerpool });
  const { description, scheduler, workerStakeRatio, schedulerRewardRatio, resources } = w;
  return { workerpool, owner: w.owner, description, scheduler, workerStakeRatio, schedulerRewardRatio, resources };
}

/** Categories by id: name and maximum run time (seconds). */
export async function getCategories(client: ProofgridClient): Promise<{ category: number; name: string; maxRunTime: bigint }[]> {
  return (await getHubCategories(client)).map(({ id, name, maxRunTime }) => ({ category: id, name, maxRunTime }));
}
