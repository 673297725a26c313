// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Vm} from "./Vm.sol";

/// @notice Minimal test base: the cheatcode handle, `bound` and named accounts.
/// Assertions are forge's own cheatcodes (`vm.assertEq(a, b, "why")`), which revert on failure.
abstract contract Test {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Maps `x` into [min, max] uniformly enough for fuzzing (forge-std's StdUtils.bound idea).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        if (size == 0) return x; // full range
        return min + (x % size);
    }

    /// @dev A labelled account and its private key, derived from `name`.
    function makeAccount(string memory name) internal returns (address account, uint256 key) {
        key = uint256(keccak256(bytes(name))) % 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141 + 1;
        account = vm.addr(key);
        vm.label(account, name);
    }
}

/// @notice For handler-based invariant tests: what forge should call.
abstract contract InvariantTest is Test {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targets;
    FuzzSelector[] private _selectors;

    function targetContract(address target) internal {
        _targets.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _selectors.push(selector);
    }

    function targetContracts() public view returns (address[] memory) {
        return _targets;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _selectors;
    }
}
