// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineFloatConvert} from "../../src/machine/MachineFloatConvert.sol";
import {MachineMath} from "../../src/machine/MachineMath.sol";
import {MachineSoftFloat} from "../../src/machine/MachineSoftFloat.sol";
import {MachineState} from "../../src/machine/MachineState.sol";
import {Test} from "../utils/Test.sol";

/// @notice Properties of the one-step prover's libraries. Their agreement with the interpreter, instruction by
/// instruction, is tested from TypeScript (packages/machine/src/onchain); these hold whatever the inputs.
contract MachineLibrariesTest is Test {
    uint256 internal constant ONE = 0x3ff0000000000000;

    function _finite(uint64 x) private pure returns (bool) {
        return (x >> 52) & 0x7ff != 0x7ff;
    }

    function _f(uint32 op, uint256 x, uint256 y) private pure returns (uint256) {
        return MachineSoftFloat.execute(op, x, y);
    }

    function test_knownValues() public pure {
        vm.assertEq(_f(0xa0, 0x3fb999999999999a, 0x3fc999999999999a), 0x3fd3333333333334, "0.1 + 0.2");
        vm.assertEq(_f(0xa3, ONE, 0x4008000000000000), 0x3fd5555555555555, "1 / 3");
        vm.assertEq(_f(0x9f, 0x4000000000000000, 0), 0x3ff6a09e667f3bcd, "sqrt(2)");
        vm.assertEq(_f(0xa2, 0x7fefffffffffffff, 0x4000000000000000), 0x7ff0000000000000, "overflow to infinity");
        vm.assertEq(_f(0xa2, 1, 0x3fe0000000000000), 0, "half the smallest subnormal ties to even: zero");
        vm.assertEq(_f(0xa2, 3, 0x3fe0000000000000), 2, "1.5 subnormal units tie to even: 2");
        vm.assertEq(_f(0xa1, 0x7ff0000000000000, 0x7ff0000000000000), 0x7ff8000000000000, "inf - inf is the canonical NaN");
    }

    function testFuzz_addCommutes(uint64 x, uint64 y) public pure {
        vm.assertEq(_f(0xa0, x, y), _f(0xa0, y, x), "x + y == y + x");
        vm.assertEq(_f(0xa2, x, y), _f(0xa2, y, x), "x * y == y * x");
    }

    function testFuzz_oneIsNeutral(uint64 x) public pure {
        vm.assume(_finite(x));
        vm.assertEq(_f(0xa2, x, ONE), x, "x * 1 == x");
        vm.assertEq(_f(0xa3, x, ONE), x, "x / 1 == x");
    }

    function testFuzz_subSelfIsPositiveZero(uint64 x) public pure {
        vm.assume(_finite(x));
        vm.assertEq(_f(0xa1, x, x), 0, "x - x == +0");
    }

    function testFuzz_sqrtOfAnExactSquare(uint32 n) public pure {
        uint256 v = n & 0x3ffffff; // n^2 < 2^53: the square is exact
        (uint256 x,) = MachineFloatConvert.convert(0xba, v);
        vm.assertEq(_f(0x9f, _f(0xa2, x, x), 0), x, "sqrt(x * x) == x");
    }

    function testFuzz_intRoundTrip(int32 v) public pure {
        (uint256 x,) = MachineFloatConvert.convert(0xb7, uint32(v));
        (uint256 back,) = MachineFloatConvert.convert(0xe2, x);
        vm.assertEq(back, uint32(v), "trunc_sat(convert(v)) == v");
    }

    function testFuzz_rotations(uint32 x, uint32 k) public pure {
        (uint32 left,) = MachineMath.binary(0x77, x, k);
        (uint32 back,) = MachineMath.binary(0x78, left, k);
        vm.assertEq(back, x, "rotr(rotl(x, k), k) == x");
    }

    function testFuzz_pathsLeadToTheRootOfTheLeaves(bytes32 a, bytes32 b, bytes32 c, uint8 pick) public pure {
        bytes32[] memory leaves = new bytes32[](3);
        (leaves[0], leaves[1], leaves[2]) = (a, b, c);
        bytes32 root = MachineState.rootOfLeaves(leaves, 2);
        uint256 i = pick % 3;
        bytes32[] memory siblings = new bytes32[](2);
        siblings[0] = i == 0 ? b : i == 1 ? a : bytes32(0);
        siblings[1] = i == 2 ? MachineState.link(a, b) : MachineState.link(c, bytes32(0));
        vm.assertEq(MachineState.rootOf(leaves[i], i, siblings), root, "a leaf's path leads to the root");
    }
}
