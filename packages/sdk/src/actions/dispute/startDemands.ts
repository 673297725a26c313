import type { Hex } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import type { ProvableClaim } from '../../utils/provableDigest.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';
import type { RevealArgument } from './bindings.ts';

/**
 * Demands that the answerer of optimistic task `index` reveal its claim's start state within the hub's dispute clock
 * (decision 027): for a start root nobody else can open (made up, or another program's run on private inputs).
 * Locks the dispute deposit; the answer cannot finalize meanwhile.
 * @example
 * import { demandStart, resolveStartDemand } from '@proofgrid/sdk';
 * await demandStart(verifier, { key, index: 0, outputDigest, claim });
 * // after the clock, if the answerer did not reveal: await resolveStartDemand(verifier, { key, index: 0 });
 */
export async function demandStart(
  client: ProofgridClient,
  { key, index, outputDigest, claim }: { key: DealKey; index: number; outputDigest: Hex; claim: ProvableClaim },
) {
  return sendHubTransaction(client, { functionName: 'demandStart', args: [key, index, outputDigest, claim] });
}

/** Answers a start demand on task `index` with the start state's pre-images (packages/disputes `bindingArguments(trace, 'start')`). */
export async function proveStart(client: ProofgridClient, { key, index, reveal }: { key: DealKey; index: number; reveal: RevealArgument }) {
  return sendHubTransaction(client, { functionName: 'proveStart', args: [key, index, reveal] });
}

/** Closes a start demand nobody answered by its deadline: the answer is overturned for the demander (anyone may call). */
export async function resolveStartDemand(client: ProofgridClient, { key, index }: { key: DealKey; index: number }) {
  return sendHubTransaction(client, { functionName: 'resolveStartDemand', args: [key, index] });
}

type BatchTask = { key: DealKey; first: number; count: number; index: number };

/** `demandStart` for task `index` of a finalized replicated batch inside its rollback window (`proof`: `batchChallengeProof`). */
export async function demandBatchStart(
  client: ProofgridClient,
  p: BatchTask & { outputDigest: Hex; claim: ProvableClaim; proof: readonly Hex[] },
) {
  return sendHubTransaction(client, {
    functionName: 'demandBatchStart',
    args: [p.key, p.first, p.count, p.index, p.outputDigest, p.claim, [...p.proof]],
  });
}

/** `proveStart` for a batch demand (the deal's scheduler reveals). */
export async function proveBatchStart(client: ProofgridClient, p: BatchTask & { reveal: RevealArgument }) {
  return sendHubTransaction(client, { functionName: 'proveBatchStart', args: [p.key, p.first, p.count, p.index, p.reveal] });
}

/** `resolveStartDemand` for a batch demand: the batch is overturned for the demander. */
export async function resolveBatchStartDemand(client: ProofgridClient, p: BatchTask) {
  return sendHubTransaction(client, { functionName: 'resolveBatchStartDemand', args: [p.key, p.first, p.count, p.index] });
}
