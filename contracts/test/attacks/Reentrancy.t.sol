// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Merkle} from "../utils/Merkle.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IBatches} from "../../src/interfaces/IBatches.sol";
import {IEscrow} from "../../src/interfaces/IEscrow.sol";
import {Hub} from "../../src/Hub.sol";
import {HubPoco} from "../../src/HubPoco.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {ReentrantConsumer} from "../../src/mocks/ReentrantConsumer.sol";
import {HookToken} from "../../src/mocks/HookToken.sol";

/// @notice Attack: reentrancy through a result callback (every entry point the consumer can hit)
/// and through a token's transfer hook. The hub's two halves share one transient guard (same
/// storage through delegatecall), so no re-entry succeeds, nothing is paid twice and the escrow
/// stays conserved.
contract ReentrancyAttackTest is Fixture {
    bytes32 internal constant GOOD = keccak256("good");

    bytes internal guardError = abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);

    function _consumerDeal(uint256 volume) internal returns (ReentrantConsumer c, DealKey memory key) {
        c = new ReentrantConsumer(address(hub));
        track(address(c));
        key = openDealWithCallback(volume, 1, address(c));
    }

    function _assertBlocked(ReentrantConsumer c) internal view {
        vm.assertEq(c.attempts(), 1, "the callback tried once");
        vm.assertEq(c.successes(), 0, "the re-entry failed");
        vm.assertEq(c.lastError(), guardError, "stopped by the reentrancy guard");
    }

    function _assertPaidOnce(uint256 tasks) internal view {
        vm.assertEq(hub.balanceOf(appOwner), tasks * APP_PRICE, "app owner paid once per task");
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS + tasks * POOL_PRICE * 90 / 100, "worker paid once per task");
        assertConserved();
    }

    function test_finalize_succeeds_whenTheCallbackReentersFinalize() public {
        (ReentrantConsumer c, DealKey memory key) = _consumerDeal(1);
        c.arm(ReentrantConsumer.Target.Finalize, key, 0, 1);
        contributeAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[0], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        _assertBlocked(c);
        _assertPaidOnce(1);
    }

    function test_pushResult_succeeds_whenTheCallbackReentersClaim() public {
        (ReentrantConsumer c, DealKey memory key) = _consumerDeal(1);
        c.arm(ReentrantConsumer.Target.Claim, key, 0, 1);
        pushAs(workers[0], key, 0, 1, GOOD);
        _assertBlocked(c);
        _assertPaidOnce(1);
    }

    function test_pushResult_succeeds_whenTheCallbackReentersWithdraw() public {
        (ReentrantConsumer c, DealKey memory key) = _consumerDeal(1);
        c.arm(ReentrantConsumer.Target.Withdraw, key, 0, 1);
        pushAs(workers[0], key, 0, 1, GOOD);
        _assertBlocked(c); // the market half's guard: the same transient slot
        _assertPaidOnce(1);
    }

    function test_settle_succeeds_whenTheCallbackReentersSettle() public {
        hub.setRollbackWindow(100);
        (ReentrantConsumer c, DealKey memory key) = _consumerDeal(1);
        c.arm(ReentrantConsumer.Target.Settle, key, 0, 1);
        pushAs(workers[0], key, 0, 1, GOOD);
        vm.warp(block.timestamp + 100);
        settleOne(key, 0, 1);
        _assertBlocked(c);
        _assertPaidOnce(1);
    }

    function test_deliverCallback_succeeds_whenTheCallbackReentersDeliverCallback() public {
        (ReentrantConsumer c, DealKey memory key) = _consumerDeal(2);
        bytes32[] memory digests = new bytes32[](2);
        (digests[0], digests[1]) = (keccak256("d0"), keccak256("d1"));
        bytes32[] memory leaves = Merkle.batchLeaves(0, digests);
        pushAs(workers[0], key, 0, 2, Merkle.root(leaves));
        c.arm(ReentrantConsumer.Target.DeliverCallback, key, 0, 2);
        poco.deliverCallback(key, 0, 2, 1, digests[1], Merkle.proof(leaves, 1));
        _assertBlocked(c);
        _assertPaidOnce(2);
    }

    // ---- token hooks ----

    function _hookHub() internal returns (HookToken t, Hub h) {
        t = new HookToken(address(this), 1_000_000 ether);
        h = new Hub(t, apps, datasets, pools, address(new HubPoco()), address(this), 0);
    }

    function test_withdraw_succeeds_whenTheTokenHookReentersWithdraw() public {
        (HookToken t, Hub h) = _hookHub();
        t.transfer(address(t), 100 ether);
        t.approveAndCall(address(h), 100 ether, abi.encodeCall(IEscrow.deposit, (100 ether)));
        vm.assertEq(h.balanceOf(address(t)), 100 ether, "the token holds escrow funds");
        t.arm(address(h), abi.encodeCall(IEscrow.withdraw, (50 ether, address(t))));
        vm.prank(address(t));
        h.withdraw(10 ether, address(t));
        vm.assertEq(t.attempts(), 1, "the hook re-entered");
        vm.assertEq(t.successes(), 0, "blocked");
        vm.assertEq(t.lastError(), guardError, "by the guard");
        vm.assertEq(h.balanceOf(address(t)), 90 ether, "withdrawn once");
        vm.assertEq(t.balanceOf(address(h)), 90 ether, "conserved");
    }

    function test_deposit_succeeds_whenTheTokenHookReentersDeposit() public {
        (HookToken t, Hub h) = _hookHub();
        t.transfer(address(t), 100 ether);
        t.arm(address(h), abi.encodeCall(IEscrow.depositFor, (address(this), 1 ether)));
        t.approve(address(h), 100 ether);
        h.deposit(10 ether);
        vm.assertEq(t.attempts(), 1, "the hook re-entered");
        vm.assertEq(t.successes(), 0, "blocked");
        vm.assertEq(h.balanceOf(address(this)), 10 ether, "credited once");
        vm.assertEq(t.balanceOf(address(h)), 10 ether, "conserved");
    }

    function test_deposit_succeeds_whenTheTokenTakesAFee_creditsWhatArrived() public {
        (HookToken t, Hub h) = _hookHub();
        t.setFee(100); // 1 %
        t.approve(address(h), 100 ether);
        vm.expectEmit(address(h));
        emit IEscrow.Deposited(address(this), 99 ether);
        h.deposit(100 ether);
        vm.assertEq(h.balanceOf(address(this)), 99 ether, "only what arrived");
        vm.assertEq(t.balanceOf(address(h)), 99 ether, "ledger == holdings");
    }
}
