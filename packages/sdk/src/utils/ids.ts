import { type Address, type Hex, encodeAbiParameters, keccak256 } from 'viem';
import type { BatchId, DealId, DealKey, TaskId } from '../types/ids.ts';

/** ABI type of the DealKey tuple, field for field as contracts/src/types/DealKey.sol. */
export const DEAL_KEY_ABI = {
  type: 'tuple',
  components: [
    { name: 'requestHash', type: 'bytes32' },
    { name: 'requestConsumed', type: 'uint256' },
    { name: 'requester', type: 'address' },
    { name: 'callback', type: 'address' },
    { name: 'appOwner', type: 'address' },
    { name: 'appPrice', type: 'uint96' },
    { name: 'datasetOwner', type: 'address' },
    { name: 'datasetPrice', type: 'uint96' },
    { name: 'poolOwner', type: 'address' },
    { name: 'poolPrice', type: 'uint96' },
    { name: 'scheduler', type: 'address' },
    { name: 'app', type: 'uint256' },
    { name: 'dataset', type: 'uint256' },
    { name: 'workerpool', type: 'uint256' },
    { name: 'volume', type: 'uint32' },
    { name: 'trust', type: 'uint32' },
    { name: 'timeRef', type: 'uint64' },
    { name: 'startTime', type: 'uint40' },
    { name: 'workerStake', type: 'uint96' },
    { name: 'schedulerRewardRatio', type: 'uint8' },
    { name: 'tag', type: 'bytes32' },
    { name: 'verification', type: 'uint8' },
    { name: 'challengeWindow', type: 'uint64' },
    { name: 'rollbackWindow', type: 'uint64' },
    { name: 'inputsRoot', type: 'bytes32' },
  ],
} as const;

/**
 * The id of a deal: keccak256(abi.encode(key)).
 * @example
 * import { dealIdOf } from '@proofgrid/sdk';
 * const dealId = dealIdOf(key);
 */
export function dealIdOf(key: DealKey): DealId {
  return keccak256(encodeAbiParameters([DEAL_KEY_ABI], [key]));
}

/** The id of tasks [first, first + count) of a deal. */
export function batchIdOf(dealId: DealId, first: number, count: number): BatchId {
  return keccak256(
    encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint256' }, { type: 'uint256' }], [dealId, BigInt(first), BigInt(count)]),
  );
}

/** The id of task `index` of a deal. */
export function taskIdOf(dealId: DealId, index: number): TaskId {
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint256' }], [dealId, BigInt(index)]));
}

/** The public commitment of a batch result: who commit the same hash agree. */
export function resultHashOf(batchId: BatchId, root: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [batchId, root]));
}

/** The seal that binds a result root to its worker (only the first 24 bytes are stored on chain). */
export function resultSealOf(worker: Address, batchId: BatchId, root: Hex, salt: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [worker, batchId, root, salt],
    ),
  );
}

/** The message a scheduler signs (EIP-191) to let `worker` contribute to a batch. */
export function authorizationMessageOf(batchId: BatchId, worker: Address): Hex {
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'address' }], [batchId, worker]));
}
