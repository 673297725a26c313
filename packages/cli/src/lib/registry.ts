// Reads of the asset registries (apps, datasets, workerpools): what the CLI shows next to orders.
import { type ProofgridClient, ProofgridError, appRegistryAbi, datasetRegistryAbi, hubAbi, workerpoolRegistryAbi } from '@proofgrid/sdk';
import type { Address, Hex } from 'viem';

export type AppInfo = { app: bigint; owner: Address; name: string; uri: string; moduleHash: Hex; maxMemoryMb: number; category: number };
export type DatasetInfo = { dataset: bigint; owner: Address; name: string; uri: string; contentHash: Hex };
export type WorkerpoolInfo = { workerpool: bigint; owner: Address; description: string; scheduler: Address; workerStakeRatio: number; schedulerRewardRatio: number; resources: Record<string, unknown> };

type Kind = 'app' | 'dataset' | 'workerpool';
const REGISTRY = {
  app: { address: (c: ProofgridClient) => c.deployment.apps, abi: appRegistryAbi, read: 'appOf' },
  dataset: { address: (c: ProofgridClient) => c.deployment.datasets, abi: datasetRegistryAbi, read: 'datasetOf' },
  workerpool: { address: (c: ProofgridClient) => c.deployment.workerpools, abi: workerpoolRegistryAbi, read: 'workerpoolOf' },
} as const;

async function readAsset(client: ProofgridClient, kind: Kind, id: bigint): Promise<Record<string, unknown> & { owner: Address }> {
  const r = REGISTRY[kind];
  const call = (functionName: string) => client.public.readContract({ address: r.address(client), abi: r.abi as never, functionName, args: [id] } as never) as Promise<unknown>;
  if (!(await call('exists'))) {
    throw new ProofgridError(`no ${kind} ${id} in the registry`, { code: 'RegistryUnknownAsset', kind: 'user', details: { [kind]: id } });
  }
  const [meta, owner] = await Promise.all([call(r.read), call('ownerOf')]);
  return { ...(meta as Record<string, unknown>), owner: owner as Address };
}

/** How many assets of a kind are registered (ids run from 1 to the count). */
export async function assetCount(client: ProofgridClient, kind: Kind): Promise<number> {
  const r = REGISTRY[kind];
  return Number(await client.public.readContract({ address: r.address(client), abi: r.abi as never, functionName: 'count' } as never));
}

export async function getAppInfo(client: ProofgridClient, app: bigint): Promise<AppInfo> {
  const a = await readAsset(client, 'app', app);
  return { app, owner: a.owner, name: a.name as string, uri: a.uri as string, moduleHash: a.moduleHash as Hex, maxMemoryMb: Number(a.maxMemoryMb), category: Number(a.category) };
}

export async function getDatasetInfo(client: ProofgridClient, dataset: bigint): Promise<DatasetInfo> {
  const d = await readAsset(client, 'dataset', dataset);
  return { dataset, owner: d.owner, name: d.name as string, uri: d.uri as string, contentHash: d.contentHash as Hex };
}

export async function getWorkerpoolInfo(client: ProofgridClient, workerpool: bigint): Promise<WorkerpoolInfo> {
  const w = await readAsset(client, 'workerpool', workerpool);
  return {
    workerpool,
    owner: w.owner,
    description: w.description as string,
    scheduler: w.scheduler as Address,
    workerStakeRatio: Number(w.workerStakeRatio),
    schedulerRewardRatio: Number(w.schedulerRewardRatio),
    resources: w.resources as Record<string, unknown>,
  };
}

/** Categories by id: name and maximum run time (seconds). */
export async function getCategories(client: ProofgridClient): Promise<{ category: number; name: string; maxRunTime: bigint }[]> {
  const n = Number(await client.public.readContract({ address: client.deployment.hub, abi: hubAbi, functionName: 'categoryCount' }));
  return Promise.all(
    Array.from({ length: n }, async (_, category) => {
      const [name, maxRunTime] = (await client.public.readContract({ address: client.deployment.hub, abi: hubAbi, functionName: 'categoryOf', args: [BigInt(category)] })) as readonly [string, bigint];
      return { category, name, maxRunTime };
    }),
  );
}
