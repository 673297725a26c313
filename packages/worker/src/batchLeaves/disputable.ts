import { type DealKey, type ProofgridClient, getMachineImage, hubAbi } from '@proofgrid/sdk';
import { type Hex, zeroHash } from 'viem';

/** Whether a replicated deal's batches can be disputed, and with what: its rollback window and its app's image. */
export type Disputability = { disputable: false } | { disputable: true; rollbackWindow: bigint; image: Hex };

/**
 * A replicated deal is disputable (decision 030) when a finalized batch of it can still be challenged: its rollback
 * window (the deal's own term, or the hub's `rollbackWindow()` when the term is 0) is not 0, and its app's owner
 * registered a machine image (`machineImageOf(app, appOwner)`, decision 027), without which a batch game's start is
 * unbound and a challenge proves nothing. Both are read from the chain, never from the scheduler. An optimistic deal
 * is answered, not replicated (optimistic/), and a deal with a confidential dataset cannot be re-executed by anyone
 * but its authorized workers (the game does not cover it, docs/protocol.md §17): neither is disputable here.
 */
export async function disputabilityOf(client: ProofgridClient, key: DealKey): Promise<Disputability> {
  if (key.verification !== 0 || key.dataset !== 0n) return { disputable: false };
  const rollbackWindow =
    key.rollbackWindow !== 0n
      ? key.rollbackWindow
      : ((await client.public.readContract({ address: client.deployment.hub, abi: hubAbi, functionName: 'rollbackWindow' })) as bigint);
  if (rollbackWindow === 0n) return { disputable: false };
  const image = await getMachineImage(client, { app: key.app, owner: key.appOwner });
  if (image === zeroHash) return { disputable: false };
  return { disputable: true, rollbackWindow, image };
}
