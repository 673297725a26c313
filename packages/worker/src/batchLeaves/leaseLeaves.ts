import { type ProofgridClient, encryptResult, taskIdOf } from '@proofgrid/sdk';
import type { RequestParams } from '@proofgrid/sdk/api';
import type { Lease } from '@proofgrid/sdk/protocol';
import type { Hex } from 'viem';
import type { createContentCache } from '../contentCache.ts';
import { disputabilityOf } from './disputable.ts';
import { type ProvableLeaf, provableLeavesOf } from './provableLeaves.ts';

/**
 * The provable leaves of a lease's batch when its deal is disputable (decision 030), else `undefined` (the batch
 * commits its result blobs' digests, as every replicated batch did before). Each task gets exactly the sandbox's
 * inputs (module, args, files, seed, `TASK_INDEX`, memory and output limits); its provable result blob is sealed for
 * the requester when the deal asks, deterministically so replicas agree.
 */
export function createLeaseLeaves(p: {
  client: ProofgridClient;
  cache: ReturnType<typeof createContentCache>;
  paramsOf: (dealId: Hex) => Promise<RequestParams>;
}) {
  return async function leavesOf(lease: Lease): Promise<ProvableLeaf[] | undefined> {
    const d = await disputabilityOf(p.client, lease.key);
    if (!d.disputable) return undefined;
    const params = await p.paramsOf(lease.dealId);
    const module = await p.cache.get(lease.app.moduleHash, lease.app.uri);
    const tasks = [];
    for (const t of lease.tasks) {
      const files: Record<string, Uint8Array> = {};
      for (const [name, hash] of Object.entries(t.files)) files[name] = await p.cache.get(hash);
      const env = { TASK_INDEX: String(t.index) };
      const limits = { memoryMb: lease.limits.memoryMb, maxOutputBytes: lease.limits.maxOutputBytes };
      tasks.push({ index: t.index, request: { module, args: t.args, files, seed: t.seed, env, limits } });
    }
    const seal = async (plain: Uint8Array, index: number) =>
      params.resultPublicKey
        ? encryptResult(plain, params.resultPublicKey as Hex, { deterministic: { taskId: taskIdOf(lease.dealId, index) } })
        : plain;
    return provableLeavesOf({ tasks, limits: lease.limits, image: d.image, seal });
  };
}
