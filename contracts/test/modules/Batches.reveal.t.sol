// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BatchFixture} from "../utils/BatchFixture.sol";
import {IBatches, BatchStatus, BatchView, ContributionStatus, Usage} from "../../src/interfaces/IBatches.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";

/// @notice Batches (P2-P4): reveal, and reopen when the lead group stayed silent; their revert paths.
/// finalize is in Batches.finalize.
contract BatchesRevealTest is BatchFixture {
    // ---- reveal ----

    function test_reveal_succeeds_recordsTheRootAndEmitsTheUsage() public {
        DealKey memory key = _revealingDeal();
        BatchId id = batchIdOf(key, 0, 1);
        vm.expectEmit(address(hub));
        emit IBatches.BatchRevealed(id, workers[0], GOOD, Usage(10, 1024));
        revealAs(workers[0], key, 0, 1, GOOD);
        vm.assertEq(uint256(poco.contributionOf(id, workers[0]).status), uint256(ContributionStatus.Revealed), "revealed");
        BatchView memory b = poco.batchOf(id);
        vm.assertEq(b.resultRoot, GOOD, "root known");
        vm.assertEq(b.consensusHash, resultHashOf(key, 0, 1, GOOD), "lead hash unchanged");
        vm.assertEq(uint256(b.revealed), 1, "one reveal");
    }

    function test_reveal_succeedsAtTheRevealDeadline() public {
        DealKey memory key = _revealingDeal();
        vm.warp(poco.batchOf(batchIdOf(key, 0, 1)).revealDeadline);
        revealAs(workers[0], key, 0, 1, GOOD);
    }

    function test_reveal_revertsWhenBatchActive() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        bytes32 salt = saltOf(workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Active, REVEALING));
        poco.reveal(key, 0, 1, GOOD, salt, Usage(1, 1));
    }

    function test_reveal_revertsWhenDealUnknown() public {
        DealKey memory key = _revealingDeal();
        key.callback = address(1);
        DealId id = dealIdOf(key);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealUnknown.selector, id));
        poco.reveal(key, 0, 1, GOOD, GOOD, Usage(1, 1));
    }

    function test_reveal_revertsWhenRevealDeadlinePassed() public {
        DealKey memory key = _revealingDeal();
        BatchId id = batchIdOf(key, 0, 1);
        uint256 revealDeadline = poco.batchOf(id).revealDeadline;
        vm.warp(revealDeadline + 1);
        bytes32 salt = saltOf(workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchDeadlinePassed.selector, id, revealDeadline));
        poco.reveal(key, 0, 1, GOOD, salt, Usage(1, 1));
    }

    function test_reveal_revertsWhenCallerDidNotContribute() public {
        DealKey memory key = _revealingDeal();
        BatchId id = batchIdOf(key, 0, 1);
        bytes32 salt = saltOf(workers[5]);
        vm.prank(workers[5]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionNotFound.selector, id, workers[5]));
        poco.reveal(key, 0, 1, GOOD, salt, Usage(1, 1));
    }

    function test_reveal_revertsWhenCallerIsInTheLosingGroup() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, BAD);
        contributeAs(workers[2], key, 0, 1, GOOD);
        contributeAs(workers[3], key, 0, 1, GOOD); // GOOD: 8 x 3 = 24 > (1 + 10) x 2 = 22
        assertStatus(key, 0, 1, BatchStatus.Revealing, "consensus on GOOD");
        BatchId id = batchIdOf(key, 0, 1);
        bytes32 salt = saltOf(workers[1]);
        vm.prank(workers[1]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionNotFound.selector, id, workers[1]));
        poco.reveal(key, 0, 1, BAD, salt, Usage(1, 1));
    }

    function test_reveal_revertsWhenRevealedTwice() public {
        DealKey memory key = _revealingDeal();
        revealAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        bytes32 salt = saltOf(workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionNotFound.selector, id, workers[0]));
        poco.reveal(key, 0, 1, GOOD, salt, Usage(1, 1));
    }

    function test_reveal_revertsWhenRootDoesNotOpenTheHash() public {
        DealKey memory key = _revealingDeal();
        BatchId id = batchIdOf(key, 0, 1);
        bytes32 salt = saltOf(workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionRevealMismatch.selector, id, workers[0]));
        poco.reveal(key, 0, 1, BAD, salt, Usage(1, 1));
    }

    function test_reveal_revertsWhenSaltDoesNotOpenTheSeal() public {
        DealKey memory key = _revealingDeal();
        BatchId id = batchIdOf(key, 0, 1);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionRevealMismatch.selector, id, workers[0]));
        poco.reveal(key, 0, 1, GOOD, keccak256("wrong salt"), Usage(1, 1));
    }

    // ---- reopen ----

    function test_reopen_succeedsWhenNobodyRevealed_rejectsTheSilentAndReopens() public {
        DealKey memory key = _revealingDeal();
        BatchId id = batchIdOf(key, 0, 1);
        vm.warp(poco.batchOf(id).revealDeadline + 1);
        vm.expectEmit(address(hub));
        emit IBatches.BatchReopened(id, 2);
        vm.prank(address(0xCA11)); // anyone may reopen
        poco.reopen(key, 0, 1);
        BatchView memory b = poco.batchOf(id);
        vm.assertEq(uint256(b.status), uint256(BatchStatus.Active), "contributions reopen");
        vm.assertEq(uint256(b.revealDeadline), 0, "no reveal deadline");
        vm.assertEq(uint256(poco.contributionOf(id, workers[0]).status), uint256(ContributionStatus.Rejected), "silent worker rejected");
        vm.assertEq(uint256(poco.contributionOf(id, workers[1]).status), uint256(ContributionStatus.Rejected), "silent worker rejected");

        // New workers complete the batch; the rejected ones are paid nothing and lose their stake.
        contributeAs(workers[2], key, 0, 1, GOOD);
        contributeAs(workers[3], key, 0, 1, GOOD);
        assertStatus(key, 0, 1, BatchStatus.Revealing, "consensus again");
        revealAs(workers[2], key, 0, 1, GOOD);
        revealAs(workers[3], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        vm.assertEq(totalOf(workers[0]), FUNDS - workerStakeOf(1), "rejected worker lost its stake");
        vm.assertEq(totalOf(workers[1]), FUNDS - workerStakeOf(1), "rejected worker lost its stake");
        assertConserved();
    }

    function test_reopen_revertsWhenSomeoneRevealed_theRootIsPublic() public {
        DealKey memory key = _revealingDeal();
        revealAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.warp(poco.batchOf(id).revealDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchRevealedCannotReopen.selector, id, 1));
        poco.reopen(key, 0, 1);
    }

    function test_reopen_revertsWhenBatchActive() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Active, REVEALING));
        poco.reopen(key, 0, 1);
    }

    function test_reopen_revertsWhenRevealDeadlineNotPassed() public {
        DealKey memory key = _revealingDeal();
        BatchId id = batchIdOf(key, 0, 1);
        uint256 revealDeadline = poco.batchOf(id).revealDeadline;
        vm.warp(revealDeadline);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchRevealPending.selector, id, revealDeadline));
        poco.reopen(key, 0, 1);
    }

    function test_reopen_revertsWhenTheRevealedGroupCanBeFinalized() public {
        setScore(workers[1], 24);
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, GOOD);
        revealAs(workers[1], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.warp(poco.batchOf(id).revealDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchRevealedCannotReopen.selector, id, 1));
        poco.reopen(key, 0, 1);
    }

    function test_reopen_revertsWhenBatchOutOfRange() public {
        DealKey memory key = _revealingDeal();
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchOutOfRange.selector, dealIdOf(key), 1, 1, 1));
        poco.reopen(key, 1, 1);
    }
}
