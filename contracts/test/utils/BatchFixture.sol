// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "./Fixture.sol";
import {BatchStatus} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice What the batch lifecycle tests (reveal, finalize, reopen, pushResult, settle, overturn)
/// share: two results, the status bits their reverts name, a rollback window and a batch in Revealing.
abstract contract BatchFixture is Fixture {
    bytes32 internal constant GOOD = keccak256("good");
    bytes32 internal constant BAD = keccak256("bad");

    uint256 internal constant REVEALING = 1 << uint8(BatchStatus.Revealing);
    uint256 internal constant FINALIZED = 1 << uint8(BatchStatus.Finalized);
    uint64 internal constant WINDOW = 1 days;

    /// @dev A trust-3 single-task deal where workers 0 and 1 agree on GOOD: Revealing.
    function _revealingDeal() internal returns (DealKey memory key) {
        key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, GOOD);
    }
}
