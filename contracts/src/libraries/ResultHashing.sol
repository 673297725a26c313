// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";

/// @title Ids, commitments and result roots; the same formulas are in the SDK.
/// @notice A batch's result root is, for one task, the task's result digest itself (no batching
/// ceremony), and for several tasks the root of a Merkle tree (OpenZeppelin's: sorted pairs,
/// double-hashed leaves) over leaves leaf(index, digest) for every index of the batch.
library ResultHashing {
    function batchId(DealId dealId, uint256 first, uint256 count) internal pure returns (BatchId) {
        return BatchId.wrap(keccak256(abi.encode(dealId, first, count)));
    }

    function taskId(DealId dealId, uint256 index) internal pure returns (TaskId) {
        return TaskId.wrap(keccak256(abi.encode(dealId, index)));
    }

    /// @notice The public commitment: who committed the same result hash agree.
    function resultHash(BatchId id, bytes32 root) internal pure returns (bytes32) {
        return keccak256(abi.encode(id, root));
    }

    /// @notice The seal binds a result to its worker: copying a hash cannot be revealed.
    /// Stored truncated to 24 bytes (192 bits against second preimages) to fit one slot.
    function resultSeal(address worker, BatchId id, bytes32 root, bytes32 salt) internal pure returns (bytes24) {
        return bytes24(keccak256(abi.encode(worker, id, root, salt)));
    }

    /// @notice Domain tag of a failure root: no task digest (a sha256) or Merkle root is this
    /// keccak preimage, so a failure can never be mistaken for a result.
    bytes32 internal constant FAILURE_TAG = keccak256("proofgrid.failure.v1");

    /// @notice The root of a batch the app failed deterministically: it commits to the exit code and
    /// the digest of the failure report (the output the app left), so replicas that fail the same
    /// way agree on it through contribute and reveal like on any result.
    function failureRoot(uint32 exitCode, bytes32 outputDigest) internal pure returns (bytes32) {
        return keccak256(abi.encode(FAILURE_TAG, exitCode, outputDigest));
    }

    /// @notice The digest of a provable task of a dispute-enabled request (decision 022, point 3): the
    /// output's digest with the run's claim (the machine goes from `startRoot` to `endRoot` in `steps`).
    function provableDigest(bytes32 outputDigest, bytes32 startRoot, uint64 steps, bytes32 endRoot) internal pure returns (bytes32) {
        return keccak256(abi.encode("proofgrid.provable.v1", outputDigest, startRoot, steps, endRoot));
    }

    function leaf(uint256 index, bytes32 digest) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, digest))));
    }

    /// @notice Whether `digest` is task `index`'s result under `root` for batch [first, first+count).
    function verify(bytes32 root, uint256 first, uint256 count, uint256 index, bytes32 digest, bytes32[] calldata proof)
        internal
        pure
        returns (bool)
    {
        if (index < first || index >= first + count) return false;
        if (count == 1) return digest == root && proof.length == 0;
        return MerkleProof.verifyCalldata(proof, root, leaf(index, digest));
    }
}
