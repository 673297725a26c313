// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {IBatches, BatchStatus, ContributionStatus, Usage} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId} from "../../src/types/Ids.sol";

/// @notice Attack: result copying between workers and reveal front-running. The seal binds the
/// result to the worker's address, so a lifted hash or a lifted reveal opens nothing, and
/// contributions close once consensus starts the reveal phase.
contract ResultCopyingAttackTest is Fixture {
    bytes32 internal constant GOOD = keccak256("good");

    address internal honest;
    address internal copier;

    function setUp() public override {
        super.setUp();
        (honest, copier) = (workers[0], workers[1]);
    }

    /// @dev The copier commits the honest worker's public resultHash with a seal it must invent
    /// (it does not know the root yet). Consensus is reached, the honest worker reveals, and the
    /// copier replays the revealed root with either salt: both fail.
    function test_reveal_revertsWhenACopierLiftedTheResultHash() public {
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        contributeAs(honest, key, 0, 1, GOOD);
        bytes32 lifted = poco.contributionOf(id, honest).resultHash;
        contributeRaw(copier, key, 0, 1, lifted, keccak256("a guess"));
        assertStatus(key, 0, 1, BatchStatus.Revealing, "the copy made consensus");
        revealAs(honest, key, 0, 1, GOOD); // root and salt are now public

        bytes32 honestSalt = saltOf(honest);
        vm.prank(copier);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionRevealMismatch.selector, id, copier));
        poco.reveal(key, 0, 1, GOOD, honestSalt, Usage(1, 1));
        bytes32 copierSalt = saltOf(copier);
        vm.prank(copier);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionRevealMismatch.selector, id, copier));
        poco.reveal(key, 0, 1, GOOD, copierSalt, Usage(1, 1));
    }

    /// @dev Lifting the honest worker's seal as well does not help: the seal is recomputed with
    /// the revealer's address.
    function test_reveal_revertsWhenACopierLiftedTheHashAndTheSeal() public {
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        contributeAs(honest, key, 0, 1, GOOD);
        bytes32 h = poco.contributionOf(id, honest).resultHash;
        bytes32 seal = sealOf(honest, id, GOOD, saltOf(honest));
        contributeRaw(copier, key, 0, 1, h, seal);
        revealAs(honest, key, 0, 1, GOOD);
        bytes32 honestSalt = saltOf(honest);
        vm.prank(copier);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionRevealMismatch.selector, id, copier));
        poco.reveal(key, 0, 1, GOOD, honestSalt, Usage(1, 1));
    }

    /// @dev The copier's payoff is negative: it cannot reveal, so at the end it loses its stake
    /// (rejected at reopen, judged wrong at settlement), while the honest workers are paid.
    function test_claim_succeeds_copierEarnsNothing() public {
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        contributeAs(honest, key, 0, 1, GOOD);
        contributeRaw(copier, key, 0, 1, poco.contributionOf(id, honest).resultHash, keccak256("a guess"));
        revealAs(honest, key, 0, 1, GOOD);
        vm.warp(poco.batchOf(id).revealDeadline + 1);
        // The honest reveal alone is short of trust 3, and a revealed root never reopens.
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchRevealedCannotReopen.selector, id, 1));
        poco.reopen(key, 0, 1);
        vm.warp(deadlineOf(key));
        poco.claim(key, 0, 1);
        vm.assertLe(totalOf(copier), FUNDS, "the copier earns nothing");
        assertConserved();
    }

    /// @dev Once consensus is reached no contribution is accepted, so a revealed root cannot be
    /// copied into a new commitment.
    function test_contribute_revertsWhenTheCopierArrivesAfterAReveal() public {
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        contributeAs(honest, key, 0, 1, GOOD);
        contributeAs(workers[2], key, 0, 1, GOOD);
        revealAs(honest, key, 0, 1, GOOD);
        bytes32 h = resultHashOf(key, 0, 1, GOOD);
        bytes32 seal = sealOf(copier, id, GOOD, saltOf(copier)); // a perfect commitment, now that GOOD is public
        bytes memory auth = authorize(key, 0, 1, copier);
        vm.prank(copier);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Revealing, (1 << uint8(BatchStatus.None)) | (1 << uint8(BatchStatus.Active))
            )
        );
        poco.contribute(key, 0, 1, h, seal, auth);
    }

    /// @dev Reveal front-running: an outsider who sees the honest reveal in the mempool and
    /// submits it first gets ContributionNotFound; the honest reveal then goes through.
    function test_reveal_revertsWhenAnOutsiderFrontRunsTheReveal() public {
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        contributeAs(honest, key, 0, 1, GOOD);
        contributeAs(workers[2], key, 0, 1, GOOD);
        bytes32 honestSalt = saltOf(honest);
        vm.prank(copier);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionNotFound.selector, id, copier));
        poco.reveal(key, 0, 1, GOOD, honestSalt, Usage(10, 1024));
        revealAs(honest, key, 0, 1, GOOD);
        vm.assertEq(uint256(poco.contributionOf(id, honest).status), uint256(ContributionStatus.Revealed), "the honest reveal stands");
    }

    /// @dev A worker in the losing group cannot reveal the winning root to switch sides.
    function test_reveal_revertsWhenADissenterRevealsTheWinningRoot() public {
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(copier, key, 0, 1, keccak256("bad"));
        contributeAs(workers[2], key, 0, 1, GOOD);
        contributeAs(workers[3], key, 0, 1, GOOD);
        revealAs(workers[0], key, 0, 1, GOOD);
        bytes32 copierSalt = saltOf(copier);
        vm.prank(copier);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionNotFound.selector, id, copier));
        poco.reveal(key, 0, 1, GOOD, copierSalt, Usage(1, 1));
    }
}
