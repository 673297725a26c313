// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";
import {IDisputeGame} from "./IDisputeGame.sol";
import {MachineState} from "../machine/MachineState.sol";
import {MachineHostTypes} from "../machine/MachineHostTypes.sol";

/// @notice The lifecycle of an optimistic task (the Ethereum Computation Market's). Stored states are
/// entered by a transaction; `SoftResolution` and the upheld `FirmResolution` after the window are
/// derived by `resolutionOf` from the window's end and the clock. `NeedsResolution` lasts inside the
/// challenge's transaction (the challenge opens its game at once): its event is `TaskChallenged`.
enum Resolution {
    Pending, // no answer yet
    WaitingForResolution, // one worker answered with a deposit; the challenge window is open
    SoftResolution, // derived: the window passed and nobody challenged: finalizeAnswer pays
    NeedsResolution, // challenged, with the challenger's deposit (inside the challenge transaction)
    Resolving, // at least one game is open against the answer
    FirmResolution, // games over: the answer was overturned, or upheld and the window passed
    Finalized // paid (upheld) or refunded (overturned): final
}

/// @notice An optimistic answer as stored, for views.
struct AnswerView {
    Resolution state; // as `resolutionOf` derives it
    bool overturned; // a game was won by its challenger
    uint16 challenges; // challenges made so far
    uint16 openGames; // challenges whose game is not resolved yet
    uint40 windowEnd; // challenges are accepted before this time
    address answerer;
    uint96 deposit; // locked by the answerer; each challenger locks the same
    bytes32 digest; // keccak256(abi.encode("proofgrid.provable.v1", outputDigest, startRoot, steps, endRoot))
}

/// @notice One challenge (of an optimistic answer or of a finalized replicated batch), for views.
struct ChallengeView {
    address challenger;
    uint96 deposit;
    address game;
    bool resolved;
    uint256 gameId;
}

/// @notice Which end of a claim a binding refutation is about (decision 027).
enum ClaimEnd {
    Start, // startRoot: an initial state of the app's registered machine image
    End // endRoot: a halted state whose output commitment is the task's outputDigest
}

/// @notice A state's pre-images, revealed to refute a binding: its fields (hashing to the claim's root), its program's
/// fields (hashing to its programHash; read by the start binding only) and its I/O fields (hashing to its ioHash).
struct Reveal {
    MachineState.State state;
    MachineState.Program program;
    MachineHostTypes.Io io;
}

/// @notice The proof that a revealed start state runs on the inputs the requester signed (decision 031): the static
/// I/O fields (hashing with `seedHash` to the start's staticHash) and the Merkle path of the task's inputs leaf
/// keccak256(abi.encode("proofgrid.inputs.v1", index, keccak256(args ‖ env ‖ maxOutput), filesRoot, maxPages, random))
/// to the deal's `inputsRoot` (sibling k on the left when bit k of the task index is set). `random` (part of the leaf)
/// says the module imports random_get; when it does not, `seedHash` must be the task's own: keccak256(sha256(
/// "proofgrid/sandbox/random/v1:" ‖ the task id in lowercase hex)). Ignored when the root is 0.
struct InputsProof {
    MachineHostTypes.Strings args;
    MachineHostTypes.Strings env;
    bytes32 seedHash;
    uint64 maxOutput;
    bool random;
    bytes32[] siblings;
}

/// @title Disputes: optimistic answers and challenges decided by a dispute game (decisions 022, 026).
/// @notice An optimistic deal's tasks are answered by one worker each, with a deposit; anyone may
/// challenge an answer inside its window with the same deposit, which opens a game (IDisputeGame) over
/// the answer's claim. A finalized replicated batch may be challenged the same way inside its rollback
/// window, naming one task. The loser's deposit goes to the winner; a won challenge overturns the result.
interface IDisputes {
    /// @notice The task is in state `current`, which does not take this call.
    error DisputeUnexpectedState(TaskId taskId, Resolution current);
    /// @notice The challenge window closed at `windowEnd`.
    error DisputeWindowClosed(bytes32 subject, uint256 windowEnd);
    /// @notice The claim and output digest given hash to `given`, not to the committed `committed`.
    error DisputeClaimMismatch(bytes32 committed, bytes32 given);
    /// @notice The hub has no dispute game configured (IConfig.setDisputeSettings).
    error DisputeGameUnset();
    /// @notice Game `gameId` of `game` is not over yet.
    error DisputeGameNotOver(address game, uint256 gameId);
    /// @notice No unresolved challenge `index` on `subject` (a task id or a batch id).
    error DisputeChallengeUnknown(bytes32 subject, uint256 index);
    /// @notice The batch already has the most open challenges (255).
    error DisputeTooManyChallenges(bytes32 subject);

    /// @notice The claim's `end` is bound to the task (decision 027): there is nothing to refute.
    error BindingHolds(ClaimEnd end);
    /// @notice `owner` already registered image `image` for `app` (an image is set once).
    error MachineImageAlreadySet(uint256 app, address owner, bytes32 image);
    /// @notice A machine image cannot be zero.
    error MachineImageZero();

    /// @notice A start demand on `subject` is open already.
    error StartDemandOpen(bytes32 subject);
    /// @notice The start of `subject`'s claim was revealed and checked already: nothing to demand.
    error StartAlreadyProven(bytes32 subject);
    /// @notice No open start demand on `subject`.
    error StartDemandUnknown(bytes32 subject);
    /// @notice The start demand on `subject` can be answered until `deadline`.
    error StartDemandNotDue(bytes32 subject, uint256 deadline);
    /// @notice The revealed start is not an initial state of the app's image, or not the claim's: it proves nothing.
    error StartRevealRejected(bytes32 subject);
    /// @notice The revealed start's inputs are not task `index`'s leaf under the deal's signed inputsRoot (decision 031).
    error StartInputsUnbound(bytes32 subject, uint32 index);

    /// @notice `challenger` demanded that `defender` reveal the start state `startRoot` of `subject`'s claim before
    /// `deadline` (decision 027); its deposit is locked.
    event StartDemanded(
        bytes32 indexed subject,
        address indexed challenger,
        address defender,
        bytes32 startRoot,
        uint40 deadline,
        uint96 deposit
    );
    /// @notice The start of `subject`'s claim was revealed: an initial state of the app's image. The demander's
    /// deposit went to `paidTo`.
    event StartProven(bytes32 indexed subject, address paidTo);
    /// @notice Nobody revealed the start of `subject`'s claim in time: the result is overturned for `challenger`.
    event StartDemandExpired(bytes32 indexed subject, address indexed challenger);

    /// @notice `challenger` showed that the claim of task `index` of `subject` (a task id or a batch id) is not
    /// bound at its `end`: the answer or batch was overturned without a game.
    event ClaimRefuted(bytes32 indexed subject, address indexed challenger, uint32 index, ClaimEnd end);
    /// @notice `owner` registered the machine image of `app` (the start binding of its tasks' claims).
    event MachineImageSet(uint256 indexed app, address indexed owner, bytes32 image);

    /// @notice Task `index` of an optimistic deal was answered (-> WaitingForResolution). `claim` and
    /// `outputDigest` are what a challenger repeats; `digest` commits to both.
    event TaskAnswered(
        TaskId indexed taskId,
        DealId indexed dealId,
        address indexed answerer,
        uint32 index,
        bytes32 digest,
        bytes32 outputDigest,
        IDisputeGame.Claim claim,
        uint40 windowEnd,
        uint96 deposit
    );
    /// @notice An answer was challenged (-> NeedsResolution); its game opens in the same transaction.
    event TaskChallenged(TaskId indexed taskId, address indexed challenger, uint256 challenge);
    /// @notice Task `index` of a finalized replicated batch was challenged inside the rollback window.
    event BatchChallenged(BatchId indexed batchId, address indexed challenger, uint256 challenge, uint32 index);
    /// @notice Challenge `challenge` of `subject` (a task id or a batch id) opened game `gameId` (-> Resolving).
    event DisputeGameOpened(
        bytes32 indexed subject, uint256 challenge, address challenger, address game, uint256 gameId, uint96 deposit
    );
    /// @notice The game of challenge `challenge` ended; the loser's deposit went to `paidTo`.
    event ChallengeResolved(
        bytes32 indexed subject, uint256 challenge, bool challengerWon, address paidTo, uint256 amount
    );
    /// @notice The answer's games are over (-> FirmResolution): `overturned` if a challenger won.
    event AnswerResolved(TaskId indexed taskId, bool overturned);
    /// @notice The answer was paid (upheld) or refunded to the requester (overturned) (-> Finalized).
    event AnswerFinalized(TaskId indexed taskId, DealId indexed dealId, bool overturned);

    /// @notice Answers task `index` of an optimistic deal with `outputDigest` (the result blob's sha256)
    /// and the run's claim; locks the hub's dispute deposit. `authorization` is the scheduler's, as for
    /// `contribute` (over the batch id of [index, index + 1)).
    function answer(
        DealKey calldata key,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes calldata authorization
    ) external;

    /// @notice Challenges the answer of task `index` inside its window, repeating its `outputDigest` and
    /// `claim` (from TaskAnswered); locks the answer's deposit and opens a game where the caller challenges.
    function challenge(DealKey calldata key, uint32 index, bytes32 outputDigest, IDisputeGame.Claim calldata claim)
        external
        returns (uint256 challengeIndex);

    /// @notice Reads the game of challenge `challengeIndex` of task `index` once it is over and moves the
    /// loser's deposit to the winner; a won challenge overturns the answer (the answerer's score is reset).
    function resolveChallenge(DealKey calldata key, uint32 index, uint256 challengeIndex) external;

    /// @notice Pays an answer in SoftResolution or upheld FirmResolution (as a pushed trust-1 result, plus its
    /// deposit back), or refunds the requester of an overturned one (with the pool's stake). Anyone may call.
    function finalizeAnswer(DealKey calldata key, uint32 index) external;

    /// @notice Challenges task `index` of the finalized replicated batch [first, first + count) inside its
    /// rollback window: `outputDigest` and `claim` must hash to the task's agreed digest (`proof` shows it under
    /// the batch root). Locks the hub's dispute deposit and opens a game; the batch cannot settle meanwhile.
    function challengeBatch(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes32[] calldata proof
    ) external returns (uint256 challengeIndex);

    /// @notice Reads the game of a batch challenge once it is over: a won challenge overturns the batch as
    /// `overturn` does (the agreed group's stakes to the challenger), a lost one pays the pool owner.
    function resolveBatchChallenge(DealKey calldata key, uint32 first, uint32 count, uint256 challengeIndex) external;

    /// @notice Overturns the answer of task `index` inside its window without a game, as a won challenge does (the
    /// answerer's deposit to the caller, its score reset): `reveal` is the pre-image of the claim's `end` root and shows
    /// it unbound (decision 027). Reverts with BindingHolds when the end is bound (the caller loses only gas).
    function refuteAnswer(
        DealKey calldata key,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        ClaimEnd end,
        Reveal calldata reveal
    ) external;

    /// @notice Overturns the finalized replicated batch [first, first + count) inside its rollback window without a
    /// game, as a won `challengeBatch` does, when `reveal` shows the claim of task `index` (under the batch root by
    /// `proof`) unbound at its `end`. Reverts with BindingHolds when the end is bound.
    function refuteBatch(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes32[] calldata proof,
        ClaimEnd end,
        Reveal calldata reveal
    ) external;

    /// @notice Demands that the answerer of task `index` reveal the start state of its claim within the hub's dispute
    /// clock (a start root whose pre-image only the answerer knows cannot be refuted by `refuteAnswer`): locks the
    /// dispute deposit; the answer cannot finalize meanwhile. Inside the window, once per answer until proven.
    function demandStart(DealKey calldata key, uint32 index, bytes32 outputDigest, IDisputeGame.Claim calldata claim)
        external;

    /// @notice Answers an open start demand on task `index`: `reveal` must be an initial state of the app's image
    /// hashing to the claim's start root (StartRevealRejected otherwise). The demander's deposit goes to the
    /// answerer (to the requester once the answer is overturned). When the deal has an inputsRoot, `inputs` must prove
    /// the start's inputs are task `index`'s signed leaf (StartInputsUnbound otherwise).
    function proveStart(DealKey calldata key, uint32 index, Reveal calldata reveal, InputsProof calldata inputs)
        external;

    /// @notice After the deadline of an unanswered start demand on task `index`: the answer is overturned as by a won
    /// game (the answerer's deposit to the demander), the demander's deposit back.
    function resolveStartDemand(DealKey calldata key, uint32 index) external;

    /// @notice `demandStart` for task `index` of a finalized replicated batch inside its rollback window (`proof` as
    /// `challengeBatch`); the deal's scheduler must reveal. The batch cannot settle meanwhile.
    function demandBatchStart(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes32[] calldata proof
    ) external;

    /// @notice `proveStart` for a batch demand: the demander's deposit to the pool owner (to the requester once the
    /// batch is overturned).
    function proveBatchStart(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        Reveal calldata reveal,
        InputsProof calldata inputs
    ) external;

    /// @notice `resolveStartDemand` for a batch demand: the batch is overturned as by a won challenge.
    function resolveBatchStartDemand(DealKey calldata key, uint32 first, uint32 count, uint32 index) external;

    /// @notice Registers, once, the machine image of `app` as its owner `msg.sender` (the image the start states of its
    /// tasks' claims must have; packages/disputes machineImageOf). Only the image of the owner a deal was matched
    /// with (DealKey.appOwner) counts.
    function setMachineImage(uint256 app, bytes32 image) external;

    /// @notice The machine image `owner` registered for `app` (zero: none).
    function machineImageOf(uint256 app, address owner) external view returns (bytes32);

    /// @notice The task's state in the lifecycle (derived states included).
    function resolutionOf(TaskId taskId) external view returns (Resolution);
    /// @notice The task's optimistic answer.
    function answerOf(TaskId taskId) external view returns (AnswerView memory);
    /// @notice Challenge `index` of `subject` (a task id for answers, a batch id for batches).
    function challengeOf(bytes32 subject, uint256 index) external view returns (ChallengeView memory);
    /// @notice How many challenges `subject` has had.
    function challengeCount(bytes32 subject) external view returns (uint256);
}
