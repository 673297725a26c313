// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice The immutable terms of a deal, snapshotted at match time and emitted in `DealMatched`.
/// Every call about a deal passes its key; the hub checks keccak256(abi.encode(key)) is a deal it
/// opened. Keeping the terms out of storage is what makes matching cheap (see docs/protocol.md).
struct DealKey {
    bytes32 requestHash; // EIP-712 hash of the request order
    uint256 requestConsumed; // request volume consumed before this deal: makes the key unique
    address requester;
    address callback; // 0 for none
    address appOwner;
    uint96 appPrice;
    address datasetOwner; // 0 when the deal has no dataset
    uint96 datasetPrice;
    address poolOwner;
    uint96 poolPrice;
    address scheduler; // the key that authorizes workers for this deal
    uint256 app;
    uint256 dataset;
    uint256 workerpool;
    uint32 volume; // tasks in the bag: indices [0, volume)
    uint32 trust; // <= 1: one contribution is enough; otherwise consensus, see Consensus.sol
    uint64 timeRef; // the category's max run time per task, seconds
    uint40 startTime;
    uint96 workerStake; // per task, locked from each contributor when trust > 1
    uint8 schedulerRewardRatio; // percent of the pool's reward kept by the pool owner
    bytes32 tag;
    uint8 verification; // 0 replicated (Proof-of-Contribution), 1 optimistic (one answer, challengeable)
    uint64 challengeWindow; // optimistic: seconds an answer stays open to challenges; 0 when replicated
    uint64 rollbackWindow; // replicated: seconds before a finalized batch pays; 0 = the hub's rollbackWindow()
    bytes32 inputsRoot; // the request's signed root of the tasks' inputs (decision 031); 0 = unbound
}
