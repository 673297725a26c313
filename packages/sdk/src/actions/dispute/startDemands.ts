import type { ContractFunctionArgs, Hex } from 'viem';
import type { hubAbi } from '../../abi/index.ts';
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

/**
 * The hub's `InputsProof` (decision 031): the start's static I/O fields and the Merkle path of the task's inputs leaf
 * to the deal's `inputsRoot` (packages/disputes `inputsProofOf`). Read only when the deal has an inputs root.
 */
export type InputsProofArgument = ContractFunctionArgs<typeof hubAbi, 'nonpayable', 'proveStart'>[3];

const EMPTY_STRINGS = {
  count: 0,
  bytes_: 0,
  root: `0x${'0'.repeat(64)}`,
  depth: 0,
  offsetsRoot: `0x${'0'.repeat(64)}`,
  offsetsDepth: 0,
} as const;
/** The inputs proof of a deal without an inputs root: nothing is read. */
export const NO_INPUTS_PROOF: InputsProofArgument = {
  args: EMPTY_STRINGS,
  env: EMPTY_STRINGS,
  seedHash: `0x${'0'.repeat(64)}`,
  maxOutput: 0n,
  random: false,
  siblings: [],
};

/**
 * Answers a start demand on task `index` with the start state's pre-images (packages/disputes `bindingArguments(trace,
 * 'start')`) and, when the deal has an inputs root, the proof that its inputs are the task's signed leaf (`inputs`).
 */
export async function proveStart(
  client: ProofgridClient,
  { key, index, reveal, inputs }: { key: DealKey; index: number; reveal: RevealArgument; inputs?: InputsProofArgument },
) {
  return sendHubTransaction(client, { functionName: 'proveStart', args: [key, index, reveal, inputs ?? NO_INPUTS_PROOF] });
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
export async function proveBatchStart(client: ProofgridClient, p: BatchTask & { reveal: RevealArgument; inputs?: InputsProofArgument }) {
  return sendHubTransaction(client, {
    functionName: 'proveBatchStart',
    args: [p.key, p.first, p.count, p.index, p.reveal, p.inputs ?? NO_INPUTS_PROOF],
  });
}

/** `resolveStartDemand` for a batch demand: the batch is overturned for the demander. */
export async function resolveBatchStartDemand(client: ProofgridClient, p: BatchTask) {
  return sendHubTransaction(client, { functionName: 'resolveBatchStartDemand', args: [p.key, p.first, p.count, p.index] });
}
