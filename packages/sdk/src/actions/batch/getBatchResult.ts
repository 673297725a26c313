import { type Hex, zeroHash } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { ProofgridError } from '../../errors/index.ts';
import type { Failure } from '../../results/failure.ts';
import type { BatchId } from '../../types/ids.ts';
import { BATCH_STATUS, type BatchStatusName } from './getBatchStatus.ts';

/**
 * What a batch came to: `result` (a root agreed), `failedByApp` (the agreed result is the app's
 * deterministic failure: `failure` names its exit code and report digest; paid as a success),
 * `refunded` (claimed after the deadline or overturned) or `pending`.
 */
export type BatchOutcome = 'pending' | 'result' | 'failedByApp' | 'refunded';

export type BatchResult = { root: Hex | undefined; status: BatchStatusName; outcome: BatchOutcome; failure?: Failure };

/**
 * The result root agreed for a batch, or undefined when it is not finalized; for a batch the app
 * failed, the failure (exit code and report digest, from its `BatchFailedByApp` event). A trust-1
 * batch settled at once keeps no storage: its root is read from its `BatchFinalized` event.
 * @example
 * import { getBatchResult } from '@proofgrid/sdk';
 * const { root, status, outcome, failure } = await getBatchResult(client, batchId);
 */
export async function getBatchResult(client: ProofgridClient, batchId: BatchId): Promise<BatchResult> {
  const view = (await client.public.readContract({
    address: client.deployment.hub,
    abi: hubAbi,
    functionName: 'batchOf',
    args: [batchId],
  })) as {
    status: number;
    resultRoot: Hex;
    failed: boolean;
  };
  const status = BATCH_STATUS[view.status] ?? 'None';
  if (view.failed && (status === 'Finalized' || status === 'Settled')) {
    return { root: view.resultRoot, status, outcome: 'failedByApp', failure: await readFailure(client, batchId) };
  }
  if (view.resultRoot !== zeroHash && (status === 'Finalized' || status === 'Settled'))
    return { root: view.resultRoot, status, outcome: 'result' };
  const logs = await client.public.getContractEvents({
    address: client.deployment.hub,
    abi: hubAbi,
    eventName: 'BatchFinalized',
    args: { batchId } as never,
    fromBlock: client.deployment.startBlock ?? 0n,
  });
  const last = logs.at(-1) as { args: { resultRoot: Hex } } | undefined;
  const refunded = status === 'Claimed' || status === 'Overturned';
  return {
    root: last?.args.resultRoot,
    status: last && status === 'None' ? 'Settled' : status,
    outcome: refunded ? 'refunded' : last ? 'result' : 'pending',
  };
}

async function readFailure(client: ProofgridClient, batchId: BatchId): Promise<Failure> {
  const logs = await client.public.getContractEvents({
    address: client.deployment.hub,
    abi: hubAbi,
    eventName: 'BatchFailedByApp',
    args: { batchId } as never,
    fromBlock: client.deployment.startBlock ?? 0n,
  });
  const last = logs.at(-1) as { args: { exitCode: number; outputDigest: Hex } } | undefined;
  if (!last)
    throw new ProofgridError(`batch ${batchId} failed by the app but its BatchFailedByApp event is not found`, {
      code: 'ResultMissing',
      kind: 'platform',
    });
  return { exitCode: last.args.exitCode, outputDigest: last.args.outputDigest };
}
