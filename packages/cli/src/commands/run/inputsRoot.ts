import { inputsFieldsOf } from '@proofgrid/machine';
import {
  type ProofgridClient,
  ProofgridError,
  type TaskInput,
  getApp,
  inputsLeafOf,
  inputsRootOfLeaves,
  taskLimitsOf,
} from '@proofgrid/sdk';
import type { MarketClient } from '@proofgrid/sdk/api';
import { type Hex, sha256 } from 'viem';

/**
 * The inputs root an optimistic run signs (decision 031): each task's initial state built with the machine's own code
 * as a worker leases it (the app's module from the market's store, its registered memory, env `TASK_INDEX`), its leaf
 * hashed by the SDK. The machine builds the leaf's fields (`inputsFieldsOf`) for the CLI and packages/disputes alike.
 */
export async function inputsRootOfRun(
  client: ProofgridClient,
  market: MarketClient,
  app: bigint,
  tasks: readonly TaskInput[],
): Promise<Hex> {
  const info = await getApp(client, { app });
  const module = await market.getBlob(info.moduleHash as Hex);
  if (sha256(module).toLowerCase() !== (info.moduleHash as string).toLowerCase())
    throw new ProofgridError(`the market's copy of app ${app}'s module does not hash to ${info.moduleHash}`, {
      code: 'ContentHashMismatch',
      details: { expected: info.moduleHash as string, actual: sha256(module) },
    });
  const limits = taskLimitsOf({ appMemoryMb: Number(info.maxMemoryMb), categoryMaxSeconds: 1 });
  const leaves = tasks.map((t, i) => {
    const fields = inputsFieldsOf({
      module,
      args: t.args,
      files: t.files ?? {},
      seed: 'any seed: not in the leaf',
      env: { TASK_INDEX: String(i) },
      limits: { memoryMb: limits.memoryMb, maxOutputBytes: limits.maxOutputBytes },
    });
    return inputsLeafOf(i, fields);
  });
  return inputsRootOfLeaves(leaves);
}
