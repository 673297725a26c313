// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {InvariantTest} from "../utils/Test.sol";
import {ServiceFixture} from "./ServiceFixture.sol";
import {ServiceHandler} from "./ServiceHandler.sol";
import {Account} from "../../src/services/IServiceLeases.sol";

/// @notice Escrow conserved, nothing paid twice or beyond what a client signed, whatever the order of
/// deposits, withdrawals, fresh, replayed and forged receipts.
contract ServiceLeasesInvariants is ServiceFixture, InvariantTest {
    ServiceHandler internal handler;
    uint256 internal providerStart;

    function setUp() public override {
        super.setUp();
        uint256[] memory ids = new uint256[](2);
        ids[0] = _open();
        ids[1] = _open();
        handler = new ServiceHandler(leases, IERC20(address(token)), provider, ids, clients, clientKeys);
        providerStart = token.balanceOf(provider);
        targetContract(address(handler));
    }

    function _sums() internal view returns (uint256 balances, uint256 redeemed) {
        uint256[] memory ids = handler.leaseIdsList();
        address[] memory list = handler.clientsList();
        for (uint256 i; i < ids.length; ++i) {
            for (uint256 j; j < list.length; ++j) {
                Account memory a = leases.accountOf(ids[i], list[j]);
                balances += a.balance;
                redeemed += a.redeemedAmount;
            }
        }
    }

    /// @notice The contract holds exactly the bonds and the clients' balances.
    function invariant_escrowConserved() public view {
        (uint256 balances,) = _sums();
        vm.assertEq(token.balanceOf(address(leases)), balances + 2 * BOND, "held = balances + bonds");
        vm.assertEq(
            handler.ghostDeposited(),
            balances + handler.ghostPaid() + handler.ghostWithdrawn(),
            "in = left + paid + out"
        );
    }

    /// @notice The provider received exactly what was redeemed, never more than the clients signed.
    function invariant_nothingPaidTwice() public view {
        (, uint256 redeemed) = _sums();
        vm.assertEq(token.balanceOf(provider) - providerStart, redeemed, "paid = redeemed");
        vm.assertEq(handler.ghostPaid(), redeemed, "ghost paid = redeemed");
        vm.assertEq(handler.ghostOverpaid(), 0, "never beyond a signed receipt");
    }

    /// @notice The fixed sequence reaches each action (so the random runs exercise more than reverts).
    function test_handler_drivesEveryAction() public {
        handler.deposit(0, 0, 30e12);
        handler.redeemFresh(0, 0, 10);
        handler.redeemReplay(0, 0);
        handler.redeemForged(0, 0, 3);
        handler.redeemFresh(0, 0, 39);
        handler.withdraw(0, 0, 1);
        vm.assertGt(handler.ghostPaid(), 0, "paid");
        invariant_escrowConserved();
        invariant_nothingPaidTwice();
    }
}
