// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {HandlerTools} from "./HandlerTools.sol";
import {Hub} from "../../src/Hub.sol";
import {IBatchActions, BatchView, ContributionStatus, ContributionView} from "../../src/interfaces/IBatches.sol";
import {ProofToken} from "../../src/token/ProofToken.sol";
import {AppOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";

/// @notice Who the handler acts for, with the keys it signs with.
struct Actors {
    address requester;
    uint256 requesterKey;
    address appOwner;
    uint256 appOwnerKey;
    address datasetOwner;
    uint256 datasetOwnerKey;
    address poolOwner;
    uint256 poolOwnerKey;
    address scheduler;
    uint256 schedulerKey;
    address checker;
    uint256 appId;
    uint256 datasetId;
    uint256 poolId;
}

/// @notice The invariant handler's state and checks: the actors, the deals it opened, the ghost
/// records the invariants compare with the hub's state, and the judged call that checks who
/// gained and who lost on every payout-moving action. Handler holds the actions.
abstract contract HandlerBase is HandlerTools {
    uint256 internal constant APP_PRICE = 3 ether;
    uint256 internal constant APP_ORDER_VOLUME = 40;
    uint32 internal constant FAILURE_EXIT = 134; // the exit code of the app's deterministic failure

    Hub public immutable hub;
    IBatchActions internal immutable poco;
    ProofToken public immutable token;
    Actors internal a;
    address[] internal _workers;

    AppOrder internal _appOrder; // one app order shared by every deal: its volume caps the total
    DealKey[] internal _deals;
    uint256 internal _salt;

    enum Op {
        Finalize,
        Settle,
        Claim,
        Overturn,
        Push
    }

    // ---- ghosts ----
    uint256 public ghostMatchedVolume; // sum of the deals' volumes
    uint256 public ghostPaidTasks; // tasks whose app owner got paid
    uint256 public ghostDoublePaid; // a task paid a second time
    uint256 public ghostPayMismatch; // a payout that was not exactly its batch's tasks
    uint256 public ghostWrongSeizure; // a stake seized from an accurate worker or a stranger
    uint256 public ghostWrongReward; // a worker paid without being accurate
    uint256 public ghostClaimPaid; // a claim that paid a worker or an asset owner
    uint256 public ghostFinalizedTwice; // a batch finalized more than once
    mapping(bytes32 task => uint256) public timesPaid;
    mapping(BatchId => uint256) public timesFinalized;
    mapping(BatchId => bytes32) public finalRoot;
    BatchId[] internal _finalized;
    mapping(bytes32 batchWorker => bytes32 root) internal _committed;
    mapping(bytes4 selector => uint256) public calls;

    constructor(Hub hub_, ProofToken token_, Actors memory actors, address[] memory workers_) {
        (hub, poco, token, a) = (hub_, IBatchActions(address(hub_)), token_, actors);
        _workers = workers_;
        _appOrder = AppOrder(actors.appId, APP_PRICE, APP_ORDER_VOLUME, bytes32(0), 0, 0, address(0), 0, bytes32("inv"), "");
        _appOrder.signature = _sign(actors.appOwnerKey, hub.hashAppOrder(_appOrder));
    }

    // ---- views for the invariants ----

    function dealCount() external view returns (uint256) {
        return _deals.length;
    }

    function dealAt(uint256 i) external view returns (DealKey memory) {
        return _deals[i];
    }

    function finalizedCount() external view returns (uint256) {
        return _finalized.length;
    }

    function finalizedAt(uint256 i) external view returns (BatchId) {
        return _finalized[i];
    }

    function appOrderHash() external view returns (bytes32) {
        return hub.hashAppOrder(_appOrder);
    }

    // ---- the judged call: what moved, and whether it was allowed to ----

    struct Snapshot {
        uint256 app;
        uint256 pool;
        uint256[] workers;
    }

    function _snapshot() internal view returns (Snapshot memory s) {
        s.app = hub.balanceOf(a.appOwner);
        s.workers = new uint256[](_workers.length);
        for (uint256 i; i < _workers.length; ++i) s.workers[i] = hub.balanceOf(_workers[i]) + hub.lockedOf(_workers[i]);
    }

    /// @dev Runs a payout-moving call (as `caller` when set) and checks who gained and who lost.
    function _judged(DealKey memory key, uint32 first, uint32 count, Op op, address actor, bytes memory call) internal {
        Snapshot memory before = _snapshot();
        if (op == Op.Overturn || op == Op.Push) vm.prank(actor);
        (bool ok,) = address(hub).call(call);
        if (!ok) return;
        ++calls[bytes4(call)];
        BatchId id = _batchId(key, first, count);
        _checkAppPayout(key, first, count, op, hub.balanceOf(a.appOwner) - before.app);
        _checkWorkers(key, id, count, op, actor, before);
        _recordFinalization(id, op);
    }

    function _checkAppPayout(DealKey memory key, uint32 first, uint32 count, Op op, uint256 gained) internal {
        if (gained == 0) return;
        if (op == Op.Claim || op == Op.Overturn || gained != uint256(count) * APP_PRICE) {
            ++ghostPayMismatch;
            if (op == Op.Claim) ++ghostClaimPaid;
            return;
        }
        DealId dealId = DealId.wrap(keccak256(abi.encode(key)));
        for (uint256 i = first; i < uint256(first) + count; ++i) {
            bytes32 task = keccak256(abi.encode(dealId, i));
            if (++timesPaid[task] > 1) ++ghostDoublePaid;
            ++ghostPaidTasks;
        }
    }

    function _checkWorkers(DealKey memory key, BatchId id, uint32 count, Op op, address pusher, Snapshot memory before) internal {
        BatchView memory b = poco.batchOf(id);
        for (uint256 i; i < _workers.length; ++i) {
            address w = _workers[i];
            uint256 nowTotal = hub.balanceOf(w) + hub.lockedOf(w);
            if (nowTotal == before.workers[i]) continue;
            ContributionView memory c = poco.contributionOf(id, w);
            bool accurate = c.status == ContributionStatus.Revealed && c.resultHash == b.consensusHash;
            if (nowTotal < before.workers[i]) {
                // Seized: only a contributor of this batch, only its stake, and never an accurate
                // one (the checker's overturn declares the chosen group wrong).
                bool wrong = c.status != ContributionStatus.None && (op == Op.Overturn || !accurate);
                if (!wrong || before.workers[i] - nowTotal != uint256(count) * key.workerStake) ++ghostWrongSeizure;
            } else {
                // Paid: never by a claim; otherwise only an accurate contributor or the batch's pusher.
                bool pushed = c.status == ContributionStatus.None && b.contributors == 1 && poco.contributorAt(id, 0) == w;
                if (op == Op.Claim) ++ghostClaimPaid;
                else if (!(accurate || (op == Op.Push && w == pusher) || (op == Op.Settle && pushed))) ++ghostWrongReward;
            }
        }
    }

    function _recordFinalization(BatchId id, Op op) internal {
        if (op != Op.Finalize && op != Op.Push) return;
        if (++timesFinalized[id] > 1) ++ghostFinalizedTwice;
        else _finalized.push(id);
        finalRoot[id] = poco.batchOf(id).resultRoot;
    }

    // ---- helpers ----

    function _fundedActor(uint256 seed) internal view returns (address) {
        uint256 i = seed % (_workers.length + 2);
        if (i == 0) return a.requester;
        if (i == 1) return a.poolOwner;
        return _workers[i - 2];
    }

    function _worker(uint256 seed) internal view returns (address) {
        return _workers[seed % _workers.length];
    }

    /// @dev The latest deal half of the time (so steps of one batch meet), else any deal.
    function _deal(uint256 seed) internal view returns (DealKey memory) {
        if (seed % 2 == 0) return _deals[_deals.length - 1];
        return _deals[(seed / 2) % _deals.length];
    }

    /// @dev The whole deal as one batch half of the time, else a single task.
    function _range(DealKey memory key, uint256 seed) internal pure returns (uint32 first, uint32 count) {
        if (seed % 2 == 0) return (0, key.volume);
        return (uint32((seed / 2) % key.volume), 1);
    }

    function _batchId(DealKey memory key, uint32 first, uint32 count) internal pure returns (BatchId) {
        return ResultHashing.batchId(DealId.wrap(keccak256(abi.encode(key))), first, count);
    }

    /// @dev The app's failure on a batch is deterministic: one report, one root per batch.
    function _reportOf(BatchId id) internal pure returns (bytes32) {
        return keccak256(abi.encode("trap report", id));
    }

    function _failureRootOf(BatchId id) internal pure returns (bytes32) {
        return ResultHashing.failureRoot(FAILURE_EXIT, _reportOf(id));
    }

    function _hubAddress() internal view override returns (address) {
        return address(hub);
    }

    function _schedulerKey() internal view override returns (uint256) {
        return a.schedulerKey;
    }
}
