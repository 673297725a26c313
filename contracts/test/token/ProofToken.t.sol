// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ProofToken} from "../../src/token/ProofToken.sol";

/// @notice ProofToken: a fixed-supply ERC-20 with EIP-2612 permit.
contract ProofTokenTest is Test {
    ProofToken internal token;
    address internal holder;
    uint256 internal holderKey;
    address internal spender = address(0x5BE7);

    function setUp() public {
        (holder, holderKey) = makeAccount("holder");
        token = new ProofToken(holder, 1000 ether);
    }

    function _permitSig(uint256 key, address owner, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                spender,
                value,
                token.nonces(owner),
                deadline
            )
        );
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }

    function test_constructor_succeeds_mintsTheWholeSupplyOnce() public view {
        vm.assertEq(token.totalSupply(), 1000 ether, "supply");
        vm.assertEq(token.balanceOf(holder), 1000 ether, "all to the holder");
        vm.assertEq(token.symbol(), "PGT", "symbol");
        vm.assertEq(token.name(), "Proofgrid Token", "name");
        vm.assertEq(uint256(token.decimals()), 18, "decimals");
    }

    function test_permit_succeedsWhenSignedByOwner_setsTheAllowance() public {
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(holderKey, holder, 5 ether, block.timestamp + 1);
        token.permit(holder, spender, 5 ether, block.timestamp + 1, v, r, s);
        vm.assertEq(token.allowance(holder, spender), 5 ether, "allowance");
        vm.assertEq(token.nonces(holder), 1, "nonce used");
    }

    function test_permit_revertsWhenExpired() public {
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(holderKey, holder, 5 ether, deadline);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        token.permit(holder, spender, 5 ether, deadline, v, r, s);
    }

    function test_permit_revertsWhenSignedByAnotherKey() public {
        (address other, uint256 otherKey) = makeAccount("other");
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(otherKey, holder, 5 ether, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, other, holder));
        token.permit(holder, spender, 5 ether, block.timestamp, v, r, s);
    }

    function test_transfer_revertsWhenBalanceTooLow() public {
        vm.prank(spender);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, spender, 0, 1));
        token.transfer(holder, 1);
    }

    function test_permit_revertsWhenReplayed() public {
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(holderKey, holder, 5 ether, deadline);
        token.permit(holder, spender, 5 ether, deadline, v, r, s);
        // The nonce moved on: the same signature now recovers to another address.
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                holder,
                spender,
                5 ether,
                uint256(1),
                deadline
            )
        );
        address recovered = ecrecover(keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)), v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder));
        token.permit(holder, spender, 5 ether, deadline, v, r, s);
    }
}
