import type { Address, ContractFunctionArgs, Hex } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { DealKey } from '../../types/ids.ts';
import { batchIdOf, dealIdOf } from '../../utils/ids.ts';
import type { ProvableClaim } from '../../utils/provableDigest.ts';
import { getBatch } from '../batch/getBatch.ts';
import { sendHubTransaction } from '../sendHubTransaction.ts';
import { batchChallengeProof } from './batchChallenges.ts';

/** The hub's `Reveal` (a state's, its program's and its I/O state's pre-images): packages/disputes `bindingArguments`. */
export type RevealArgument = ContractFunctionArgs<typeof hubAbi, 'nonpayable', 'refuteAnswer'>[5];
/** Which end of the claim is refuted (decision 027): the start state, or the halted end state. */
export type ClaimEndName = 'start' | 'end';
const CLAIM_END = { start: 0, end: 1 } as const;

export type RefuteAnswerParameters = {
  key: DealKey;
  index: number;
  /** The answer's output digest and claim, as in its `TaskAnswered` event. */
  outputDigest: Hex;
  claim: ProvableClaim;
  end: ClaimEndName;
  reveal: RevealArgument;
};

/**
 * Overturns an optimistic answer inside its window without a game (decision 027): `reveal` is the pre-image of the
 * claim's start or end root and shows it unbound (an end state not halted or whose output commitment is not the
 * answer's outputDigest; a start state not initial or not of the app's registered machine image). The answerer's
 * deposit goes to the caller. A reveal that refutes nothing reverts `BindingHolds` (the caller pays only gas).
 * @example
 * import { refuteAnswer } from '@proofgrid/sdk';
 * import { bindingArguments } from '@proofgrid/disputes';
 * await refuteAnswer(verifier, { key, index: 0, outputDigest, claim, end: 'end', reveal: bindingArguments(trace, 'end') });
 */
export async function refuteAnswer(client: ProofgridClient, p: RefuteAnswerParameters) {
  return sendHubTransaction(client, {
    functionName: 'refuteAnswer',
    args: [p.key, p.index, p.outputDigest, p.claim, CLAIM_END[p.end], p.reveal],
  });
}

export type RefuteBatchParameters = {
  key: DealKey;
  first: number;
  count: number;
  index: number;
  outputDigest: Hex;
  claim: ProvableClaim;
  end: ClaimEndName;
  reveal: RevealArgument;
} & ({ digests: readonly Hex[]; proof?: undefined } | { proof: readonly Hex[]; digests?: undefined });

/**
 * Overturns the finalized replicated batch [first, first + count) inside its rollback window without a game, when
 * `reveal` shows the claim of task `index` unbound (as `refuteAnswer`); the agreed group's stakes go to the caller.
 * With `digests`, the Merkle proof is built and checked against the batch's agreed root as `challengeBatch` does.
 */
export async function refuteBatch(client: ProofgridClient, p: RefuteBatchParameters) {
  let proof = p.proof;
  if (!proof) {
    const { resultRoot } = await getBatch(client, { batchId: batchIdOf(dealIdOf(p.key), p.first, p.count) });
    ({ proof } = batchChallengeProof({ ...p, digests: p.digests!, root: resultRoot }));
  }
  return sendHubTransaction(client, {
    functionName: 'refuteBatch',
    args: [p.key, p.first, p.count, p.index, p.outputDigest, p.claim, [...proof], CLAIM_END[p.end], p.reveal],
  });
}

/**
 * Registers, once, the machine image of `app` as its owner (the signer): the start state every task's claim must
 * have (packages/disputes `machineImageOf(module)`). Only the image of the owner a deal was matched with counts.
 */
export async function setMachineImage(client: ProofgridClient, { app, image }: { app: bigint; image: Hex }) {
  return sendHubTransaction(client, { functionName: 'setMachineImage', args: [app, image] });
}

/** The machine image `owner` registered for `app` (`0x00…00`: none). */
export async function getMachineImage(client: ProofgridClient, { app, owner }: { app: bigint; owner: Address }): Promise<Hex> {
  return (await client.public.readContract({
    address: client.deployment.hub,
    abi: hubAbi,
    functionName: 'machineImageOf',
    args: [app, owner],
  })) as Hex;
}
