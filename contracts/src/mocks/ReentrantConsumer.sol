// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IProofgridCallback} from "../interfaces/IProofgridCallback.sol";
import {IBatchActions} from "../interfaces/IBatches.sol";
import {IEscrow} from "../interfaces/IEscrow.sol";
import {DealKey} from "../types/DealKey.sol";

/// @title Test-only malicious callback: re-enters the hub from inside a result delivery.
/// @notice The test arms it with a deal key, a range and the entry point to hit; it records
/// whether the re-entry succeeded and its revert data, and never reverts itself (so a hub that
/// ignored the guard would be seen paying twice rather than hidden by a failed callback).
contract ReentrantConsumer is IProofgridCallback {
    enum Target {
        None,
        Finalize,
        Settle,
        Claim,
        Withdraw,
        DeliverCallback
    }

    address public immutable hub;
    Target public target;
    DealKey internal _key;
    uint32 public first;
    uint32 public count;
    uint256 public attempts;
    uint256 public successes;
    bytes public lastError;

    constructor(address hub_) {
        hub = hub_;
    }

    function arm(Target target_, DealKey calldata key, uint32 first_, uint32 count_) external {
        (target, _key, first, count) = (target_, key, first_, count_);
    }

    /// @inheritdoc IProofgridCallback
    function onProofgridResult(bytes32, bytes32 digest) external {
        if (target == Target.None) return;
        ++attempts;
        (bool ok, bytes memory data) = hub.call(_reentry(digest));
        if (ok) ++successes;
        else lastError = data;
    }

    function _reentry(bytes32 digest) private view returns (bytes memory) {
        Target t = target;
        if (t == Target.Finalize) return abi.encodeCall(IBatchActions.finalize, (_key, first, count));
        if (t == Target.Claim) return abi.encodeCall(IBatchActions.claim, (_key, first, count));
        if (t == Target.Withdraw) return abi.encodeCall(IEscrow.withdraw, (1, address(this)));
        if (t == Target.DeliverCallback) {
            return abi.encodeCall(IBatchActions.deliverCallback, (_key, first, count, first, digest, new bytes32[](0)));
        }
        uint32[] memory firsts = new uint32[](1);
        uint32[] memory counts = new uint32[](1);
        (firsts[0], counts[0]) = (first, count);
        return abi.encodeCall(IBatchActions.settle, (_key, firsts, counts));
    }
}
