// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ServiceFixture} from "./ServiceFixture.sol";
import {Account, IServiceLeases, Lease, UsageReceipt} from "../../src/services/IServiceLeases.sol";

/// @notice Leases, deposits, receipts: what pays, what is refused (and moves nothing), pause and resume.
contract ServiceLeasesTest is ServiceFixture {
    uint256 internal leaseId;

    function setUp() public override {
        super.setUp();
        leaseId = _open();
        _deposit(leaseId, 0, 100 * PRICE, uint64(block.timestamp + 1 days));
    }

    function test_openLease_storesTermsAndPullsBond() public view {
        Lease memory lease = leases.leaseOf(leaseId);
        vm.assertEq(lease.provider, provider, "provider");
        vm.assertEq(uint256(lease.pricePerCall), PRICE, "price");
        vm.assertEq(uint256(lease.latencyMs), 200, "latency");
        vm.assertEq(uint256(lease.availabilityBps), 9900, "availability");
        vm.assertEq(token.balanceOf(address(leases)), BOND + 100 * PRICE, "bond and deposit held");
    }

    function test_openLease_refusesNonOwnerAndBadTerms() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.LeaseNotPoolOwner.selector, poolId, stranger, provider));
        leases.openLease(poolId, appId, PRICE, 200, 9900, 0);
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.LeaseInvalidParameter.selector, "availabilityBps"));
        leases.openLease(poolId, appId, PRICE, 200, 10_001, 0);
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.LeaseUnknown.selector, 99));
        leases.leaseOf(99);
    }

    function test_redeem_paysTheCumulativeDifferenceOnce() public {
        uint256 before = token.balanceOf(provider);
        UsageReceipt[] memory r1 = _one(_receipt(leaseId, 0, 10, 1));
        vm.prank(provider);
        leases.redeem(r1);
        UsageReceipt[] memory r2 = _one(_receipt(leaseId, 0, 25, 2));
        vm.prank(provider);
        leases.redeem(r2);
        vm.assertEq(token.balanceOf(provider) - before, 25 * PRICE, "paid for 25 calls");
        Account memory account = leases.accountOf(leaseId, clients[0]);
        vm.assertEq(uint256(account.balance), 75 * PRICE, "balance");
        vm.assertEq(uint256(account.redeemedAmount), 25 * PRICE, "redeemed");
        vm.assertEq(uint256(account.sequence), 2, "sequence");
    }

    function test_redeem_refusesReplayAndOlderReceipt() public {
        UsageReceipt memory first = _receipt(leaseId, 0, 10, 1);
        UsageReceipt memory second = _receipt(leaseId, 0, 20, 2);
        vm.prank(provider);
        leases.redeem(_one(second));
        uint256 held = token.balanceOf(address(leases));
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.ReceiptStale.selector, leaseId, clients[0], 2, 2));
        leases.redeem(_one(second));
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.ReceiptStale.selector, leaseId, clients[0], 1, 2));
        leases.redeem(_one(first));
        vm.assertEq(token.balanceOf(address(leases)), held, "nothing moved");
    }

    function test_redeem_refusesForgedSignatureAndMovesNothing() public {
        UsageReceipt memory forged = _receipt(leaseId, 0, 50, 1);
        forged.signature = _sign(clientKeys[1], forged); // another client signs client 0's receipt
        UsageReceipt[] memory batch = new UsageReceipt[](2);
        batch[0] = _receipt(leaseId, 0, 5, 1);
        batch[1] = forged;
        batch[1].sequence = 2;
        uint256 held = token.balanceOf(address(leases));
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.ReceiptBadSignature.selector, leaseId, clients[0], 2));
        leases.redeem(batch);
        vm.assertEq(token.balanceOf(address(leases)), held, "the whole batch moved nothing");
        UsageReceipt memory tampered = _receipt(leaseId, 0, 5, 1);
        tampered.amount = 90 * PRICE; // the provider raises the signed amount
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.ReceiptBadSignature.selector, leaseId, clients[0], 1));
        leases.redeem(_one(tampered));
    }

    function test_redeem_refusesStrangerAndNonCumulative() public {
        UsageReceipt[] memory r3 = _one(_receipt(leaseId, 0, 5, 1));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.LeaseNotProvider.selector, leaseId, stranger, provider));
        leases.redeem(r3);
        UsageReceipt[] memory r4 = _one(_receipt(leaseId, 0, 10, 1));
        vm.prank(provider);
        leases.redeem(r4);
        UsageReceipt[] memory r5 = _one(_receipt(leaseId, 0, 9, 2));
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.ReceiptNotCumulative.selector, leaseId, clients[0], 2));
        leases.redeem(r5);
    }

    function test_depositRunsOut_pausesThenTopUpResumesAndShortfallIsPaidLater() public {
        UsageReceipt[] memory over = _one(_receipt(leaseId, 0, 120, 1)); // 20 calls more than the deposit
        vm.prank(provider);
        vm.expectEmit(address(leases));
        emit IServiceLeases.LeasePaused(leaseId, clients[0]);
        leases.redeem(over);
        vm.assertTrue(leases.isPaused(leaseId, clients[0]), "paused");
        vm.assertEq(uint256(leases.accountOf(leaseId, clients[0]).redeemedAmount), 100 * PRICE, "paid what was there");
        vm.expectEmit(address(leases));
        emit IServiceLeases.LeaseResumed(leaseId, clients[0]);
        _deposit(leaseId, 0, 50 * PRICE, 0);
        vm.assertFalse(leases.isPaused(leaseId, clients[0]), "resumed");
        uint256 before = token.balanceOf(provider);
        UsageReceipt[] memory r6 = _one(_receipt(leaseId, 0, 121, 2));
        vm.prank(provider);
        leases.redeem(r6);
        vm.assertEq(token.balanceOf(provider) - before, 21 * PRICE, "the shortfall and the new call");
    }

    function test_withdraw_onlyAfterLock() public {
        vm.prank(clients[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IServiceLeases.DepositLocked.selector, leaseId, clients[0], uint64(block.timestamp + 1 days)
            )
        );
        leases.withdraw(leaseId, PRICE);
        vm.warp(block.timestamp + 1 days);
        uint256 before = token.balanceOf(clients[0]);
        vm.prank(clients[0]);
        leases.withdraw(leaseId, 100 * PRICE);
        vm.assertEq(token.balanceOf(clients[0]) - before, 100 * PRICE, "unused deposit back");
        vm.assertTrue(leases.isPaused(leaseId, clients[0]), "nothing left: paused");
    }

    function test_closeLease_returnsBondAndRefusesDeposits() public {
        uint256 before = token.balanceOf(provider);
        vm.prank(provider);
        leases.closeLease(leaseId);
        vm.assertEq(token.balanceOf(provider) - before, BOND, "bond back");
        vm.expectRevert(abi.encodeWithSelector(IServiceLeases.LeaseClosedAlready.selector, leaseId));
        _deposit(leaseId, 1, PRICE, 0);
        UsageReceipt[] memory r7 = _one(_receipt(leaseId, 0, 3, 1));
        vm.prank(provider);
        leases.redeem(r7); // receipts still redeem
    }

    /// @notice Gas per paid call: receipts of `clients.length` clients, 1,000 calls each, in one redeem.
    function test_gas_perThousandPaidCalls() public {
        uint256 n = clients.length;
        uint256 other = _open();
        UsageReceipt[] memory batch = new UsageReceipt[](n);
        for (uint256 i; i < n; ++i) {
            uint256 lease = i % 2 == 0 ? leaseId : other;
            _deposit(lease, i, 2000 * PRICE, 0);
            batch[i] = _receipt(lease, i, 1000, 1);
        }
        vm.prank(provider);
        uint256 start = gasleft();
        leases.redeem(batch);
        uint256 used = start - gasleft();
        uint256 perCall = (used + 21_000) / (n * 1000);
        vm.assertLe(perCall, 50, "<= 50 gas per paid call (with the 21,000 of the transaction)");
        vm.assertEq(token.balanceOf(provider), 1000 ether - 2 * BOND + n * 1000 * PRICE, "paid exactly");
    }

    function test_withdrawToZero_pausesAndADepositResumes() public {
        vm.warp(block.timestamp + 1 days);
        vm.prank(clients[0]);
        vm.expectEmit(address(leases));
        emit IServiceLeases.LeasePaused(leaseId, clients[0]);
        leases.withdraw(leaseId, 100 * PRICE);
        vm.assertTrue(leases.accountOf(leaseId, clients[0]).paused, "paused");
        vm.expectEmit(address(leases));
        emit IServiceLeases.LeaseResumed(leaseId, clients[0]);
        _deposit(leaseId, 0, PRICE, 0);
        vm.assertFalse(leases.accountOf(leaseId, clients[0]).paused, "resumed");
        vm.assertFalse(leases.isPaused(leaseId, clients[0]), "covers a call");
    }
}
