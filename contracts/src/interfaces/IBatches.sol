// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";

/// @notice Lifecycle of a batch (a contiguous range of a deal's tasks settled together; a batch of
/// one is a single task). Stored states are entered by an actor's transaction; `Claimable` and
/// `Settleable` are derived from stored deadlines and the clock by `batchStatus`.
/// See docs/protocol.md for the table of transitions.
enum BatchStatus {
    None, // nothing happened yet
    Active, // contributions open (at least one commitment)
    Revealing, // consensus reached on a result hash; waiting for reveals
    Finalized, // result agreed; payouts wait for the rollback window
    Settled, // payouts credited: final
    Overturned, // a spot-check overturned the result inside the window: requester refunded
    Claimed, // deadline passed without a result: requester refunded, pool stake seized
    Claimable, // derived: Active or Revealing past the deal's deadline
    Settleable // derived: Finalized and the rollback window has passed
}

/// @notice Lifecycle of one worker's contribution to a batch.
enum ContributionStatus {
    None,
    Contributed, // committed (resultHash, seal)
    Revealed, // revealed a root that opens its commitment
    Rejected // did not reveal in time while its group was chosen: counted as wrong
}

/// @notice What a worker reports about its execution of a batch (M6): the longest task's run
/// time and the memory peak. Recorded in events so the SLA can be checked against the category.
struct Usage {
    uint32 maxRunTimeMs;
    uint32 memoryPeakKb;
}

/// @notice A batch as stored, for views.
struct BatchView {
    BatchStatus status; // stored status (see batchStatus for derived ones)
    uint8 contributors;
    uint8 revealed;
    uint40 revealDeadline;
    uint40 finalizedAt;
    uint128 total; // 1 + sum of group credibility values
    bytes32 consensusHash;
    bytes32 resultRoot;
    bool failed; // the agreed result is the app's deterministic failure: resultRoot is a failure root
}

/// @notice A contribution as stored, for views.
struct ContributionView {
    ContributionStatus status;
    uint32 weight;
    bytes32 resultHash;
    bytes24 resultSeal;
}

/// @title Batches: Proof-of-Contribution over bags of tasks (P1-P6), settled a batch at a time.
/// @notice The errors and events; the functions are IBatchActions. Apart so that the modules that store
/// and pay batches declare them without implementing the functions (HubDisputes shares them, decision 026).
interface IBatches {
    /// @notice [first, first+count) is empty or past the deal's volume.
    error BatchOutOfRange(DealId dealId, uint256 first, uint256 count, uint256 volume);
    /// @notice The batch is in status `current`; the call needs one of the statuses in bitmap `allowed`.
    error BatchUnexpectedStatus(BatchId batchId, BatchStatus current, uint256 allowed);
    /// @notice The deal's deadline `deadline` has passed: the batch only accepts a claim.
    error BatchDeadlinePassed(BatchId batchId, uint256 deadline);
    /// @notice The deal's deadline `deadline` has not passed yet: nothing to claim.
    error BatchDeadlineNotReached(DealId dealId, uint256 deadline);
    /// @notice Finalize needs every chosen contributor's reveal, or the reveal deadline to pass.
    error BatchRevealPending(BatchId batchId, uint256 revealDeadline);
    /// @notice After the reveal deadline, the revealed contributions no longer reach consensus:
    /// call `reopen`.
    error BatchConsensusNotMet(BatchId batchId);
    /// @notice A batch whose root some contributor revealed cannot reopen: the root is public and
    /// could be copied by new contributors (PoCo's rule); it finalizes or is claimed at the deadline.
    error BatchRevealedCannotReopen(BatchId batchId, uint256 revealed);
    /// @notice The batch has `max` contributors already.
    error BatchTooManyContributors(BatchId batchId, uint256 max);
    /// @notice The deal's trust `trust` needs replicated contributions, not a pushed result.
    error BatchConsensusRequired(DealId dealId, uint256 trust);
    /// @notice Task `index` of the deal is already settled, refunded or claimed.
    error TaskAlreadySettled(DealId dealId, uint256 index);
    /// @notice Settle before the end of the rollback window at `until`.
    error BatchWindowOpen(BatchId batchId, uint256 until);
    /// @notice Overturn after the rollback window closed at `until`.
    error BatchWindowClosed(BatchId batchId, uint256 until);
    /// @notice The proof does not show `digest` as task `index`'s result in the batch root.
    error BatchResultProofInvalid(BatchId batchId, uint256 index, bytes32 digest);
    /// @notice The authorization is signed by `signer`, not by the deal's scheduler `scheduler`.
    error ContributionUnauthorized(BatchId batchId, address worker, address signer, address scheduler);
    /// @notice `worker` already contributed to this batch.
    error ContributionDuplicate(BatchId batchId, address worker);
    /// @notice `worker` has no contribution in status Contributed in this batch.
    error ContributionNotFound(BatchId batchId, address worker);
    /// @notice The revealed root and salt do not open `worker`'s commitment.
    error ContributionRevealMismatch(BatchId batchId, address worker);
    /// @notice The call left `available` gas where the callback needs `needed` (plus a reserve).
    error CallbackGasTooLow(uint256 available, uint256 needed);
    /// @notice The task's result was already delivered to the callback.
    error CallbackAlreadyDelivered(TaskId taskId);
    /// @notice Only the checker (spot-check authority) may call this.
    error CheckerUnauthorized(address caller);
    /// @notice The deal's verification mode (`verification`: 0 replicated, 1 optimistic) does not take this call:
    /// an optimistic deal takes answers (IDisputes.answer), a replicated one contributions and pushes.
    error BatchVerificationMismatch(DealId dealId, uint8 verification);
    /// @notice The batch has `open` challenges whose games are not resolved yet: it cannot settle.
    error BatchChallengesOpen(BatchId batchId, uint256 open);
    /// @notice A failure needs a non-zero exit code: exit code 0 is a success, reported as a result.
    error BatchFailureExitCodeZero(BatchId batchId);

    /// @notice `worker` committed to a result for tasks [first, first+count) of `dealId`.
    event BatchContributed(
        BatchId indexed batchId, DealId indexed dealId, address indexed worker, uint32 first, uint32 count, bytes32 resultHash, uint32 weight
    );
    /// @notice Contributions reached consensus on `resultHash`; reveals are due by `revealDeadline`.
    event BatchConsensusReached(BatchId indexed batchId, bytes32 resultHash, uint40 revealDeadline);
    /// @notice `worker` revealed `resultRoot`, with its usage report.
    event BatchRevealed(BatchId indexed batchId, address indexed worker, bytes32 resultRoot, Usage usage);
    /// @notice Revealed contributions fell short after the reveal deadline: contributions reopen.
    event BatchReopened(BatchId indexed batchId, uint256 rejected);
    /// @notice The batch's result `resultRoot` is agreed; payouts follow after the rollback window.
    event BatchFinalized(BatchId indexed batchId, DealId indexed dealId, uint32 first, uint32 count, bytes32 resultRoot);
    /// @notice The agreed result of the batch is the app's deterministic failure: exit code
    /// `exitCode`, failure report `outputDigest` (sha256 of the report blob in the market's content store).
    event BatchFailedByApp(BatchId indexed batchId, uint32 exitCode, bytes32 outputDigest);
    /// @notice Payouts for the batch were credited.
    event BatchSettled(BatchId indexed batchId, DealId indexed dealId, uint256 workerReward, uint256 winners, uint256 losers);
    /// @notice The checker overturned the batch's result inside the window.
    event BatchOverturned(BatchId indexed batchId, DealId indexed dealId, address checker, bytes32 evidence);
    /// @notice Tasks of [first, first+count) that were not settled by the deadline were refunded.
    event TasksClaimed(DealId indexed dealId, uint32 first, uint32 count, uint256 refundedTasks);
    /// @notice A contribution was judged at settlement: `accurate` or not (stake seized).
    event ContributionJudged(BatchId indexed batchId, address indexed worker, bool accurate);
    /// @notice The callback contract received task `taskId`'s result digest (`success`: it did not revert).
    event CallbackDelivered(TaskId indexed taskId, address indexed callback, bytes32 digest, bool success);

}

/// @title The functions of batches (their errors and events are IBatches').
interface IBatchActions is IBatches {
    /// @notice Commits a result for tasks [first, first+count) of the deal (P1). `resultHash` is
    /// keccak256(abi.encode(batchId, resultRoot)) and `resultSeal` keccak256(abi.encode(worker,
    /// batchId, resultRoot, salt)): the seal binds the result to the worker, so copying another
    /// worker's hash cannot be revealed. Locks the worker stake (`count x key.workerStake`).
    /// `authorization` is the deal scheduler's EIP-191 signature of keccak256(abi.encode(batchId, worker)).
    /// @dev Consensus is checked at each contribution (Consensus.sol); when reached the batch
    /// moves to Revealing.
    function contribute(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        bytes32 resultHash,
        bytes32 resultSeal,
        bytes calldata authorization
    ) external;

    /// @notice Reveals the committed root and salt, with a usage report.
    function reveal(DealKey calldata key, uint32 first, uint32 count, bytes32 resultRoot, bytes32 salt, Usage calldata usage) external;

    /// @notice Reveals a committed failure: the committed root was
    /// failureRoot(exitCode, outputDigest) = keccak256(abi.encode(keccak256("proofgrid.failure.v1"),
    /// exitCode, outputDigest)). Same checks as `reveal`; marks the batch failed by the app
    /// (`BatchFailedByApp` on the first such reveal). The batch then finalizes and settles as any
    /// result: the pool, app and dataset owners are paid, the pool's stake is released.
    function revealAppFailure(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 exitCode,
        bytes32 outputDigest,
        bytes32 salt,
        Usage calldata usage
    ) external;

    /// @notice Finalizes a batch once every chosen contributor revealed, or after the reveal
    /// deadline when the revealed contributions still reach consensus. Anyone may call it.
    /// Settles at once when the rollback window is 0.
    function finalize(DealKey calldata key, uint32 first, uint32 count) external;

    /// @notice After the reveal deadline, when nobody revealed, rejects the non-revealers and
    /// reopens contributions. Anyone may call it. Once a root is revealed the batch cannot reopen
    /// (`BatchRevealedCannotReopen`): it is finalized, or claimed at the deal's deadline.
    function reopen(DealKey calldata key, uint32 first, uint32 count) external;

    /// @notice Trust <= 1 only: an authorized worker (or the scheduler itself) pushes the result
    /// root for the batch, which finalizes it in one transaction (no stake, no reveal).
    function pushResult(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        bytes32 resultRoot,
        Usage calldata usage,
        bytes calldata authorization
    ) external;

    /// @notice Trust <= 1 only: pushes the app's deterministic failure as the batch's result
    /// (root failureRoot(exitCode, outputDigest)), with the same checks and payouts as
    /// `pushResult`; the batch is marked failed by the app (`BatchFailedByApp`).
    function pushAppFailure(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 exitCode,
        bytes32 outputDigest,
        Usage calldata usage,
        bytes calldata authorization
    ) external;

    /// @notice Credits the payouts of finalized batches of one deal whose rollback window passed.
    function settle(DealKey calldata key, uint32[] calldata firsts, uint32[] calldata counts) external;

    /// @notice The checker overturns a finalized batch inside the rollback window (P6 hook): the
    /// requester is refunded, the winning contributors' stakes are seized and their reputation reset.
    function overturn(DealKey calldata key, uint32 first, uint32 count, bytes32 evidence) external;

    /// @notice After the deal's deadline, refunds every task of [first, first+count) not yet
    /// settled and seizes the pool's stake for them (P5); if a batch with exactly this range is
    /// open, releases its contributors' stakes. Anyone may call it.
    function claim(DealKey calldata key, uint32 first, uint32 count) external;

    /// @notice Delivers task `index`'s result digest from a settled multi-task batch to the deal's
    /// callback, proven by a Merkle proof against the batch root. Anyone may call it, once per task.
    function deliverCallback(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 digest,
        bytes32[] calldata proof
    ) external;

    /// @notice The batch id of tasks [first, first+count) of a deal.
    function batchIdOf(DealId dealId, uint32 first, uint32 count) external pure returns (BatchId);
    /// @notice The batch's status, including the derived Claimable and Settleable.
    function batchStatus(DealKey calldata key, uint32 first, uint32 count) external view returns (BatchStatus);
    /// @notice The batch as stored.
    function batchOf(BatchId batchId) external view returns (BatchView memory);
    /// @notice A worker's contribution to a batch.
    function contributionOf(BatchId batchId, address worker) external view returns (ContributionView memory);
    /// @notice The contributor at position `i` of the batch.
    function contributorAt(BatchId batchId, uint256 i) external view returns (address);
    /// @notice Whether task `index` of the deal is settled (paid, refunded or claimed).
    function isTaskSettled(DealKey calldata key, uint32 index) external view returns (bool);
    /// @notice Whether `digest` is task `index`'s result in the agreed root of the deal's batch
    /// (`first`, `count`); the batch id is derived here, so the range cannot be forged.
    function verifyTaskResult(DealId dealId, uint32 first, uint32 count, uint32 index, bytes32 digest, bytes32[] calldata proof)
        external
        view
        returns (bool);
}
