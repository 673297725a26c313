// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IEscrow} from "../../src/interfaces/IEscrow.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice Escrow (M4): deposit, depositFor, depositWithPermit, withdraw, and the ledger views.
contract EscrowTest is Fixture {
    address internal alice;
    uint256 internal aliceKey;

    function setUp() public override {
        super.setUp();
        (alice, aliceKey) = makeAccount("alice");
        token.transfer(alice, 100 ether);
    }

    function test_token_succeeds_returnsTheEscrowToken() public view {
        vm.assertEq(hub.token(), address(token), "escrow token");
    }

    function test_deposit_succeedsWhenApproved_creditsTheCaller() public {
        uint256 held = token.balanceOf(address(hub));
        vm.startPrank(alice);
        token.approve(address(hub), 40 ether);
        vm.expectEmit(address(hub));
        emit IEscrow.Deposited(alice, 40 ether);
        hub.deposit(40 ether);
        vm.stopPrank();
        vm.assertEq(hub.balanceOf(alice), 40 ether, "escrow balance");
        vm.assertEq(hub.lockedOf(alice), 0, "nothing locked");
        vm.assertEq(token.balanceOf(alice), 60 ether, "tokens left the wallet");
        vm.assertEq(token.balanceOf(address(hub)), held + 40 ether, "tokens held by the hub");
    }

    function test_deposit_revertsWhenAmountZero() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEscrow.EscrowZeroAmount.selector));
        hub.deposit(0);
    }

    function test_deposit_revertsWhenNotApproved() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(hub), 0, 1 ether));
        hub.deposit(1 ether);
    }

    function test_depositFor_succeedsWhenApproved_creditsTheBeneficiary() public {
        address beneficiary = address(0xBE4E);
        vm.startPrank(alice);
        token.approve(address(hub), 7 ether);
        vm.expectEmit(address(hub));
        emit IEscrow.Deposited(beneficiary, 7 ether);
        hub.depositFor(beneficiary, 7 ether);
        vm.stopPrank();
        vm.assertEq(hub.balanceOf(beneficiary), 7 ether, "beneficiary credited");
        vm.assertEq(hub.balanceOf(alice), 0, "payer not credited");
    }

    function test_depositFor_revertsWhenAmountZero() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEscrow.EscrowZeroAmount.selector));
        hub.depositFor(requester, 0);
    }

    function test_depositWithPermit_succeedsWhenPermitSigned_inOneTransaction() public {
        uint256 deadline = block.timestamp + 60;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, permitDigest(alice, address(hub), 30 ether, 0, deadline));
        vm.prank(alice);
        hub.depositWithPermit(30 ether, deadline, v, r, s);
        vm.assertEq(hub.balanceOf(alice), 30 ether, "deposited without a prior approve");
        vm.assertEq(token.allowance(alice, address(hub)), 0, "allowance used up");
        vm.assertEq(token.nonces(alice), 1, "permit consumed");
    }

    function test_depositWithPermit_succeedsWhenPermitWasFrontRun() public {
        uint256 deadline = block.timestamp + 60;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, permitDigest(alice, address(hub), 30 ether, 0, deadline));
        token.permit(alice, address(hub), 30 ether, deadline, v, r, s); // someone else submits it first
        vm.prank(alice);
        hub.depositWithPermit(30 ether, deadline, v, r, s);
        vm.assertEq(hub.balanceOf(alice), 30 ether, "the allowance left by the permit is used");
    }

    function test_depositWithPermit_revertsWhenPermitInvalidAndNoAllowance() public {
        uint256 deadline = block.timestamp + 60;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(requesterKey, permitDigest(alice, address(hub), 30 ether, 0, deadline));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(hub), 0, 30 ether));
        hub.depositWithPermit(30 ether, deadline, v, r, s);
    }

    function test_depositWithPermit_revertsWhenAmountZero() public {
        uint256 deadline = block.timestamp + 60;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, permitDigest(alice, address(hub), 0, 0, deadline));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEscrow.EscrowZeroAmount.selector));
        hub.depositWithPermit(0, deadline, v, r, s);
    }

    function test_withdraw_succeedsWhenBalanceSuffices_paysTheRecipient() public {
        address to = address(0x7070);
        vm.expectEmit(address(hub));
        emit IEscrow.Withdrawn(requester, to, 5 ether);
        vm.prank(requester);
        hub.withdraw(5 ether, to);
        vm.assertEq(hub.balanceOf(requester), FUNDS - 5 ether, "balance debited");
        vm.assertEq(token.balanceOf(to), 5 ether, "recipient paid");
        vm.assertEq(escrowTotal(), token.balanceOf(address(hub)), "escrow conserved");
    }

    function test_withdraw_revertsWhenAmountZero() public {
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IEscrow.EscrowZeroAmount.selector));
        hub.withdraw(0, requester);
    }

    function test_withdraw_revertsWhenBalanceInsufficient() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEscrow.EscrowInsufficientBalance.selector, alice, 0, 1));
        hub.withdraw(1, alice);
    }

    function test_withdraw_revertsWhenFundsAreLockedByADeal() public {
        DealKey memory key = openDeal(10, 1, true);
        uint256 locked = 10 * taskPrice(true);
        vm.assertEq(hub.lockedOf(requester), locked, "deal payment locked");
        vm.prank(requester);
        vm.expectRevert(
            abi.encodeWithSelector(IEscrow.EscrowInsufficientBalance.selector, requester, FUNDS - locked, FUNDS)
        );
        hub.withdraw(FUNDS, requester);
        key; // the deal stays open
    }

    /// @dev ERC-7201: the ledger lives at keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff.
    function test_balanceOf_succeeds_readsTheErc7201Namespace() public view {
        bytes32 root = keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Escrow")) - 1)) & ~bytes32(uint256(0xff));
        bytes32 word = vm.load(address(hub), keccak256(abi.encode(requester, root)));
        vm.assertEq(uint256(word) & type(uint128).max, hub.balanceOf(requester), "balance in the low half");
        vm.assertEq(uint256(word) >> 128, hub.lockedOf(requester), "locked in the high half");
    }

    function testFuzz_depositWithdraw_succeedsWhenWithinBalance_conservesTheEscrow(uint96 amountIn, uint96 amountOut) public {
        uint256 inAmount = bound(amountIn, 1, 100 ether);
        uint256 outAmount = bound(amountOut, 1, inAmount);
        vm.startPrank(alice);
        token.approve(address(hub), inAmount);
        hub.deposit(inAmount);
        hub.withdraw(outAmount, alice);
        vm.stopPrank();
        vm.assertEq(hub.balanceOf(alice), inAmount - outAmount, "balance");
        vm.assertEq(token.balanceOf(alice), 100 ether - inAmount + outAmount, "wallet");
        vm.assertEq(escrowTotal() + hub.balanceOf(alice), token.balanceOf(address(hub)), "escrow conserved");
    }

    function test_depositFor_revertsWhenNotApproved() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(hub), 0, 1 ether));
        hub.depositFor(requester, 1 ether);
    }

    function test_deposit_revertsWhenTokenBalanceTooLow() public {
        vm.startPrank(alice);
        token.approve(address(hub), 200 ether);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 100 ether, 200 ether));
        hub.deposit(200 ether);
        vm.stopPrank();
    }

    function test_depositWithPermit_revertsWhenPermitExpiredAndNoAllowance() public {
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, permitDigest(alice, address(hub), 30 ether, 0, deadline));
        vm.warp(deadline + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(hub), 0, 30 ether));
        hub.depositWithPermit(30 ether, deadline, v, r, s);
        vm.assertEq(token.nonces(alice), 0, "the expired permit was not used");
    }

    function test_depositWithPermit_revertsWhenPermitForAnotherAmount() public {
        uint256 deadline = block.timestamp + 60;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, permitDigest(alice, address(hub), 10 ether, 0, deadline));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(hub), 0, 30 ether));
        hub.depositWithPermit(30 ether, deadline, v, r, s);
    }

    function test_withdraw_succeedsAfterPayouts_paysTheEarnedBalance() public {
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, keccak256("r"));
        vm.prank(appOwner);
        hub.withdraw(APP_PRICE, appOwner);
        vm.assertEq(token.balanceOf(appOwner), APP_PRICE, "the app owner cashes out");
        vm.assertEq(hub.balanceOf(appOwner), 0, "nothing left");
        vm.assertEq(escrowTotal(), token.balanceOf(address(hub)), "escrow conserved");
    }
}
