// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineFloat} from "../../src/machine/MachineFloat.sol";
import {MachineSoftFloat} from "../../src/machine/MachineSoftFloat.sol";
import {Test} from "../utils/Test.sol";

/// @notice Properties of the float unit's f32 side (decision 024). Its agreement with the interpreter, and so with
/// V8, instruction by instruction, is tested from TypeScript (packages/machine/src/onchain); these hold for any input.
contract MachineFloatTest is Test {
    MachineFloat internal floats = new MachineFloat();

    function _f(uint32 op, uint256 x, uint256 y) private view returns (uint256 r) {
        (r,) = floats.execute(op, x, y);
    }

    function _isNaN32(uint256 x) private pure returns (bool) {
        return x & 0x7fffffff > 0x7f800000;
    }

    function test_knownValues() public view {
        vm.assertEq(_f(0x92, 0x3dcccccd, 0x3e4ccccd), 0x3e99999a, "0.1f + 0.2f");
        vm.assertEq(_f(0x95, 0x3f800000, 0x40400000), 0x3eaaaaab, "1f / 3f");
        vm.assertEq(_f(0x91, 0x40000000, 0), 0x3fb504f3, "sqrt(2f)");
        vm.assertEq(_f(0x94, 0x7f7fffff, 0x40000000), 0x7f800000, "overflow to infinity");
        vm.assertEq(_f(0x94, 1, 0x3f000000), 0, "half the smallest subnormal ties to even: zero");
        vm.assertEq(_f(0x93, 0x7f800000, 0x7f800000), 0x7fc00000, "inf - inf is the canonical NaN");
        vm.assertEq(_f(0x8d, 0xbf000000, 0), 0x80000000, "ceil(-0.5f) is -0");
        vm.assertEq(_f(0x90, 0x40200000, 0), 0x40000000, "nearest(2.5f) is 2 (ties to even)");
        vm.assertEq(_f(0xb6, 0x3ff0000010000000, 0), 0x3f800000, "demote(1 + 2^-24): a tie, to even");
        vm.assertEq(_f(0xb6, 0x47effffff0000000, 0), 0x7f800000, "demote past f32's largest finite value: infinity");
        vm.assertEq(_f(0xbb, 0x7fa00001, 0), 0x7ff8000000000000, "promote(NaN with a payload): the canonical f64 NaN");
        vm.assertEq(_f(0xb4, 0x7fffff4000000001, 0), 0x5effffff, "i64 to f32 rounds once (up, past the tie)");
    }

    function test_trappingTruncations() public view {
        (, bool nan) = floats.execute(0xa8, 0x7fc00000, 0);
        (, bool big) = floats.execute(0xa8, 0x4f000000, 0); // 2^31
        (uint256 r, bool ok) = floats.execute(0xa8, 0xcf000000, 0); // -2^31 fits
        (uint256 u, bool minusHalf) = floats.execute(0xa9, 0xbf000000, 0); // -0.5 truncates to 0: fits an unsigned
        vm.assertTrue(nan && big && !ok && !minusHalf, "NaN and 2^31 trap; -2^31 and -0.5 do not");
        vm.assertEq(r, 0x80000000, "-2^31");
        vm.assertEq(u, 0, "0");
        (r,) = floats.execute(0xe4, 0x7f800000, 0);
        vm.assertEq(r, 0x7fffffffffffffff, "saturating i64 of +inf");
    }

    /// @dev f32 through f64 and back (double rounding is innocuous for +, -, *, /, sqrt: 53 >= 2 * 24 + 2) gives
    /// the same bits as the direct single rounding, NaNs included (both canonical).
    function testFuzz_roundingOnceEqualsRoundingThroughF64(uint32 x, uint32 y, uint8 pick) public view {
        uint32 op = 0x91 + uint32(pick % 5);
        uint256 px = MachineSoftFloat.promote(x);
        uint256 py = MachineSoftFloat.promote(y);
        uint256 wide = _f(op + 0x0e, px, py);
        vm.assertEq(_f(op, x, y), MachineSoftFloat.demote(wide), "f32 op == demote(f64 op(promote x, promote y))");
    }

    function testFuzz_promoteThenDemoteIsIdentity(uint32 x) public pure {
        uint256 back = MachineSoftFloat.demote(MachineSoftFloat.promote(x));
        vm.assertEq(back, _isNaN32(x) ? 0x7fc00000 : x, "demote(promote(x)) == x");
    }

    function testFuzz_i32ToF32RoundsOnce(int32 v) public view {
        uint256 wide = _f(0xb7, uint32(v), 0); // exact
        vm.assertEq(_f(0xb2, uint32(v), 0), MachineSoftFloat.demote(wide), "f32(v) == demote(f64(v))");
    }

    function testFuzz_subSelfIsPositiveZero(uint32 x) public view {
        vm.assume((x >> 23) & 0xff != 0xff);
        vm.assertEq(_f(0x93, x, x), 0, "x - x == +0");
    }

    function testFuzz_integralRoundingIsIntegral(uint32 x, uint8 pick) public view {
        vm.assume((x >> 23) & 0xff != 0xff);
        uint32 op = 0x8d + uint32(pick % 4);
        uint256 r = _f(op, x, 0);
        vm.assertEq(_f(0x8f, r, 0), r, "trunc(round(x)) == round(x)");
    }
}
