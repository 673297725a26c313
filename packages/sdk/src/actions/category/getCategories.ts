import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';

export type Category = { id: number; name: string; maxRunTime: bigint };

/**
 * Every task category of the hub (M6): its name and maximum run time in seconds.
 * @example
 * import { getCategories } from '@proofgrid/sdk';
 * const categories = await getCategories(client); // [{ id: 0, name: 'XS', maxRunTime: 60n }, …]
 */
export async function getCategories(client: ProofgridClient): Promise<Category[]> {
  const { hub } = client.deployment;
  const n = Number(await client.public.readContract({ address: hub, abi: hubAbi, functionName: 'categoryCount' }));
  return Promise.all(
    Array.from({ length: n }, async (_, id) => {
      const [name, maxRunTime] = (await client.public.readContract({
        address: hub,
        abi: hubAbi,
        functionName: 'categoryOf',
        args: [BigInt(id)],
      })) as [string, bigint];
      return { id, name, maxRunTime };
    }),
  );
}
