// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../types/Orders.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId} from "../types/Ids.sol";

/// @title Deals: on-chain matching of four compatible orders into a bag of tasks (M3).
interface IDeals {
    /// @notice The request names app `requested`, the app order is for `offered`.
    error DealAppMismatch(uint256 requested, uint256 offered);
    /// @notice The request names dataset `requested`, the dataset order is for `offered`.
    error DealDatasetMismatch(uint256 requested, uint256 offered);
    /// @notice The request names workerpool `requested`, the pool order is for `offered`.
    error DealWorkerpoolMismatch(uint256 requested, uint256 offered);
    /// @notice The request's category differs from the workerpool order's.
    error DealCategoryMismatch(uint256 requested, uint256 offered);
    /// @notice The request asks for more trust than the pool offers.
    error DealTrustTooHigh(uint256 requested, uint256 offered);
    /// @notice An asking price is above the request's max price. `kind` is 0 app, 1 dataset, 2 pool.
    error DealPriceTooHigh(uint8 kind, uint256 price, uint256 maxPrice);
    /// @notice The pool's tag lacks bits the app, dataset or request need (`missing`).
    error DealTagMismatch(bytes32 needed, bytes32 offered, bytes32 missing);
    /// @notice An order's restriction excludes a party of this deal.
    /// `restrictor` is the restricting order's kind, `field` names the restriction.
    error DealRestricted(uint8 restrictor, string field, uint256 allowed, uint256 actual);
    /// @notice A price does not fit the deal's packing (uint96) or a volume does not fit uint32.
    error DealValueOverflow(uint256 value);
    /// @notice The request's verification term `field` has a value the hub does not accept: an unknown
    /// mode, a window outside the hub's bounds, a window of the other mode, or trust > 1 with optimistic.
    error DealVerificationInvalid(string field, uint256 value);
    /// @notice No open deal has this key.
    error DealUnknown(DealId dealId);

    /// @notice Orders were matched into deal `dealId` for `key.volume` tasks.
    /// The key holds every term; `params` is the request's signed parameters.
    event DealMatched(
        DealId indexed dealId,
        address indexed requester,
        uint256 indexed workerpool,
        DealKey key,
        bytes32 appOrderHash,
        bytes32 datasetOrderHash,
        bytes32 workerpoolOrderHash,
        string params
    );

    /// @notice Matches the four orders (dataset order ignored when the request has no dataset).
    /// Locks `volume x (app + dataset + pool price)` from the requester and the pool's stake
    /// (30 % of the pool price per task) from the pool owner. Anyone may call it.
    /// @return dealId the new deal, whose key is emitted in `DealMatched`.
    function matchOrders(
        AppOrder calldata appOrder,
        DatasetOrder calldata datasetOrder,
        WorkerpoolOrder calldata workerpoolOrder,
        RequestOrder calldata requestOrder
    ) external returns (DealId dealId);

    /// @notice Whether `key` is a deal this hub opened.
    function dealExists(DealKey calldata key) external view returns (bool);
    /// @notice How many of the deal's tasks are settled (paid, refunded or claimed).
    function settledCountOf(DealKey calldata key) external view returns (uint256);
    /// @notice Volume of a request order already used by deals (or cancelled). Prefer this to
    /// consumedOf for request orders: a request filled by a single deal is not written to consumedOf.
    function requestConsumedOf(bytes32 requestHash, uint256 volume) external view returns (uint256);
    /// @notice The id of a deal key.
    function dealIdOf(DealKey calldata key) external pure returns (DealId);
}
