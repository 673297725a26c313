// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IDeals} from "../interfaces/IDeals.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder, OrderKind} from "../types/Orders.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId} from "../types/Ids.sol";
import {DealBook} from "./DealBook.sol";
import {Escrow} from "./Escrow.sol";
import {Orders} from "./Orders.sol";
import {Categories} from "./Categories.sol";
import {ConfigStore} from "./ConfigStore.sol";

/// @title Deals module: matchOrders and the registry of open deals (M3, M7 bags of tasks).
/// @dev A deal's terms are its DealKey, emitted once and passed back by every later call; the
/// hub stores only that the deal exists. See docs/protocol.md, "Why deal keys".
abstract contract Deals is IDeals, DealBook, Escrow, Orders, Categories, ConfigStore {
    /// @dev The four order hashes of a match (dataset hash 0 when the deal has no dataset).
    struct Hashes {
        bytes32 app;
        bytes32 dataset;
        bytes32 workerpool;
        bytes32 request;
    }

    /// @inheritdoc IDeals
    function matchOrders(
        AppOrder calldata appOrder,
        DatasetOrder calldata datasetOrder,
        WorkerpoolOrder calldata workerpoolOrder,
        RequestOrder calldata requestOrder
    ) external returns (DealId dealId) {
        bool withDataset = requestOrder.dataset != 0;
        _checkTerms(appOrder, datasetOrder, workerpoolOrder, requestOrder, withDataset);
        DealKey memory key;
        Hashes memory h = _hashes(appOrder, datasetOrder, workerpoolOrder, requestOrder, withDataset);
        uint256 workerStakeRatio = _resolveParties(key, appOrder, datasetOrder, workerpoolOrder, requestOrder, withDataset);
        _checkSignatures(key, h, appOrder, datasetOrder, workerpoolOrder, requestOrder, withDataset);

        uint256 volume = _remaining(h.app, appOrder.volume);
        volume = _min(volume, _remaining(h.workerpool, workerpoolOrder.volume));
        uint256 requestBefore = _requestConsumed(h.request, requestOrder.volume);
        if (requestBefore >= requestOrder.volume) revert OrderFullyConsumed(h.request);
        volume = _min(volume, requestOrder.volume - requestBefore);
        if (withDataset) volume = _min(volume, _remaining(h.dataset, datasetOrder.volume));
        _consume(h.app, volume);
        _consume(h.workerpool, volume);
        if (withDataset) _consume(h.dataset, volume);

        key.requestHash = h.request;
        key.requestConsumed = requestBefore;
        // A request filled by its first deal needs no `consumed` write: the deal record at
        // (hash, 0) says it is used up (see _requestConsumed).
        if (requestBefore != 0 || volume != requestOrder.volume) _consume(h.request, volume);
        key.volume = uint32(_fit(volume, type(uint32).max));
        key.trust = uint32(requestOrder.trust > 1 ? _fit(requestOrder.trust, type(uint32).max) : 1);
        key.timeRef = _maxRunTime(requestOrder.category);
        key.startTime = uint40(block.timestamp);
        key.callback = requestOrder.callback;
        key.tag = appOrder.tag | requestOrder.tag | (withDataset ? datasetOrder.tag : bytes32(0));
        key.app = appOrder.app;
        key.dataset = requestOrder.dataset;
        key.workerpool = workerpoolOrder.workerpool;
        key.appPrice = _price(appOrder.price);
        key.datasetPrice = withDataset ? _price(datasetOrder.price) : 0;
        key.poolPrice = _price(workerpoolOrder.price);
        key.workerStake = uint96(uint256(key.poolPrice) * workerStakeRatio / 100);
        _verificationTerms(key, requestOrder);
        key.inputsRoot = requestOrder.inputsRoot;

        dealId = DealId.wrap(keccak256(abi.encode(key)));
        _record(h.request, requestBefore).keyHash = bytes28(DealId.unwrap(dealId));
        _lock(key.requester, volume * (uint256(key.appPrice) + key.datasetPrice + key.poolPrice));
        _lock(key.poolOwner, volume * key.poolPrice * WORKERPOOL_STAKE_RATIO / 100);
        emit DealMatched(dealId, key.requester, key.workerpool, key, h.app, h.dataset, h.workerpool, requestOrder.params);
    }

    /// @inheritdoc IDeals
    function dealExists(DealKey calldata key) external view returns (bool) {
        return _record(key.requestHash, key.requestConsumed).keyHash == bytes28(DealId.unwrap(_dealIdOf(key)));
    }

    /// @inheritdoc IDeals
    function settledCountOf(DealKey calldata key) external view returns (uint256) {
        (, DealRecord storage record) = _requireDeal(key);
        return record.settled;
    }

    /// @inheritdoc IDeals
    function requestConsumedOf(bytes32 requestHash, uint256 volume) external view returns (uint256) {
        return _requestConsumed(requestHash, volume);
    }

    /// @dev Volume of a request order already used: the stored count, or all of it when its first
    /// deal took everything (nothing was stored then, but the deal record at (hash, 0) exists).
    function _requestConsumed(bytes32 requestHash, uint256 volume) private view returns (uint256 used) {
        used = _consumedOf(requestHash);
        if (used == 0 && _record(requestHash, 0).keyHash != bytes28(0)) used = volume;
    }

    /// @inheritdoc IDeals
    function dealIdOf(DealKey calldata key) external pure returns (DealId) {
        return _dealIdOf(key);
    }

    /// @dev The request's verification terms (decision 026), checked against the hub's bounds and copied
    /// into the key. All zero (replicated, the hub's rollback window) is the default and reads no storage.
    function _verificationTerms(DealKey memory key, RequestOrder calldata request) private view {
        uint8 mode = request.verification;
        uint64 challenge = request.challengeWindow;
        uint64 rollback = request.rollbackWindow;
        if (mode == 0 && challenge == 0 && rollback == 0) return;
        ConfigStorage storage c = _config();
        if (mode > 1) revert DealVerificationInvalid("verification", mode);
        if (mode == 1) {
            if (request.trust > 1) revert DealVerificationInvalid("trust", request.trust);
            if (rollback != 0) revert DealVerificationInvalid("rollbackWindow", rollback);
            if (challenge < c.minChallengeWindow || challenge > c.maxChallengeWindow) {
                revert DealVerificationInvalid("challengeWindow", challenge);
            }
        } else {
            if (challenge != 0) revert DealVerificationInvalid("challengeWindow", challenge);
            if (rollback < c.minRollbackWindow || rollback > c.maxRollbackWindow) revert DealVerificationInvalid("rollbackWindow", rollback);
        }
        (key.verification, key.challengeWindow, key.rollbackWindow) = (mode, challenge, rollback);
    }

    /// @dev Identity, category, trust, price and restriction rules between the four orders.
    function _checkTerms(
        AppOrder calldata app,
        DatasetOrder calldata dataset,
        WorkerpoolOrder calldata pool,
        RequestOrder calldata request,
        bool withDataset
    ) private pure {
        if (request.app != app.app) revert DealAppMismatch(request.app, app.app);
        if (withDataset && request.dataset != dataset.dataset) revert DealDatasetMismatch(request.dataset, dataset.dataset);
        if (request.workerpool != 0 && request.workerpool != pool.workerpool) {
            revert DealWorkerpoolMismatch(request.workerpool, pool.workerpool);
        }
        if (request.category != pool.category) revert DealCategoryMismatch(request.category, pool.category);
        if (request.trust > pool.trust) revert DealTrustTooHigh(request.trust, pool.trust);
        if (app.price > request.appMaxPrice) revert DealPriceTooHigh(0, app.price, request.appMaxPrice);
        if (withDataset && dataset.price > request.datasetMaxPrice) {
            revert DealPriceTooHigh(1, dataset.price, request.datasetMaxPrice);
        }
        if (pool.price > request.workerpoolMaxPrice) revert DealPriceTooHigh(2, pool.price, request.workerpoolMaxPrice);

        _restrict(OrderKind.App, "datasetRestrict", app.datasetRestrict, request.dataset);
        _restrict(OrderKind.App, "workerpoolRestrict", app.workerpoolRestrict, pool.workerpool);
        _restrict(OrderKind.App, "requesterRestrict", uint160(app.requesterRestrict), uint160(request.requester));
        if (withDataset) {
            _restrict(OrderKind.Dataset, "appRestrict", dataset.appRestrict, app.app);
            _restrict(OrderKind.Dataset, "workerpoolRestrict", dataset.workerpoolRestrict, pool.workerpool);
            _restrict(OrderKind.Dataset, "requesterRestrict", uint160(dataset.requesterRestrict), uint160(request.requester));
        }
        _restrict(OrderKind.Workerpool, "appRestrict", pool.appRestrict, app.app);
        _restrict(OrderKind.Workerpool, "datasetRestrict", pool.datasetRestrict, request.dataset);
        _restrict(OrderKind.Workerpool, "requesterRestrict", uint160(pool.requesterRestrict), uint160(request.requester));
    }

    function _hashes(
        AppOrder calldata app,
        DatasetOrder calldata dataset,
        WorkerpoolOrder calldata pool,
        RequestOrder calldata request,
        bool withDataset
    ) private view returns (Hashes memory h) {
        h.app = hashAppOrder(app);
        h.dataset = withDataset ? hashDatasetOrder(dataset) : bytes32(0);
        h.workerpool = hashWorkerpoolOrder(pool);
        h.request = hashRequestOrder(request);
    }

    /// @dev Owners, scheduler and policy from the registries; the tag rule.
    function _resolveParties(
        DealKey memory key,
        AppOrder calldata app,
        DatasetOrder calldata dataset,
        WorkerpoolOrder calldata pool,
        RequestOrder calldata request,
        bool withDataset
    ) private view returns (uint256 workerStakeRatio) {
        bytes32 needed = app.tag | request.tag;
        bytes32 assetTag;
        (key.appOwner, assetTag) = _apps.matchInfo(app.app);
        needed |= assetTag;
        if (withDataset) {
            (key.datasetOwner, assetTag) = _datasets.matchInfo(dataset.dataset);
            needed |= assetTag | dataset.tag;
        }
        bytes32 offered;
        (workerStakeRatio, offered) = _resolvePool(key, pool);
        if (needed & ~offered != 0) revert DealTagMismatch(needed, offered, needed & ~offered);
        key.requester = request.requester;
    }

    function _resolvePool(DealKey memory key, WorkerpoolOrder calldata pool)
        private
        view
        returns (uint256 workerStakeRatio, bytes32 offered)
    {
        (address owner, address scheduler, uint8 ratio, uint8 schedulerRatio, bytes32 tag) =
            _workerpools.matchInfo(pool.workerpool);
        (key.poolOwner, key.scheduler, key.schedulerRewardRatio) = (owner, scheduler, schedulerRatio);
        return (ratio, pool.tag | tag);
    }

    function _checkSignatures(
        DealKey memory key,
        Hashes memory h,
        AppOrder calldata app,
        DatasetOrder calldata dataset,
        WorkerpoolOrder calldata pool,
        RequestOrder calldata request,
        bool withDataset
    ) private view {
        _requireLive(h.app, app.expiry);
        _requireLive(h.workerpool, pool.expiry);
        _requireLive(h.request, request.expiry);
        _requireSigned(h.app, key.appOwner, app.signature);
        _requireSigned(h.workerpool, key.poolOwner, pool.signature);
        _requireSigned(h.request, key.requester, request.signature);
        if (withDataset) {
            _requireLive(h.dataset, dataset.expiry);
            _requireSigned(h.dataset, key.datasetOwner, dataset.signature);
        }
    }

    /// @dev A restriction of 0 allows anyone; otherwise it must equal the actual party.
    function _restrict(OrderKind restrictor, string memory field, uint256 allowed, uint256 actual) private pure {
        if (allowed != 0 && allowed != actual) revert DealRestricted(uint8(restrictor), field, allowed, actual);
    }

    function _price(uint256 price) private pure returns (uint96) {
        return uint96(_fit(price, type(uint96).max));
    }

    function _fit(uint256 value, uint256 max) private pure returns (uint256) {
        if (value > max) revert DealValueOverflow(value);
        return value;
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
