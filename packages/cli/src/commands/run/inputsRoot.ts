import { Commitment, startSession, toHex } from '@proofgrid/machine';
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

type Strings = Commitment['io']['statics']['args'];
const stringsOf = (s: Strings) => ({
  count: s.count,
  bytes_: s.bytes,
  root: toHex(s.root) as Hex,
  depth: s.depth,
  offsetsRoot: toHex(s.offsetsRoot) as Hex,
  offsetsDepth: s.offsetsDepth,
});

/**
 * The inputs root an optimistic run signs (decision 031): each task's initial state built with the machine's own code
 * as a worker leases it (the app's module from the market's store, its registered memory, env `TASK_INDEX`), its leaf
 * hashed by the SDK. As packages/disputes `inputsRootOfTasks`, which the CLI may not import.
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
    const c = new Commitment(
      startSession({
        module,
        args: t.args,
        files: t.files ?? {},
        seed: 'any seed: not in the leaf',
        env: { TASK_INDEX: String(i) },
        limits: { memoryMb: limits.memoryMb, maxOutputBytes: limits.maxOutputBytes },
      }),
    );
    const { statics } = c.io;
    return inputsLeafOf(i, {
      args: stringsOf(statics.args),
      env: stringsOf(statics.env),
      seedHash: toHex(statics.seedHash) as Hex,
      maxOutput: BigInt(statics.maxOutput),
      filesRoot: toHex(c.io.fields().filesRoot) as Hex,
      maxPages: c.program.fields.maxPages,
      random: c.session.wasi.io.randomCommitted,
    });
  });
  return inputsRootOfLeaves(leaves);
}
