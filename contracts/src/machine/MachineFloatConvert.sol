// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineSoftFloat} from "./MachineSoftFloat.sol";

/// @title MachineFloatConvert
/// @notice The float conversions, on bit patterns: integer to f32 (0xb2 i32_s, 0xb3 i32_u, 0xb4 i64_s, 0xb5 i64_u) and
/// to f64 (0xb7..0xba; one rounding to nearest, ties to even), f32.demote_f64 (0xb6), f64.promote_f32 (0xbb), the
/// trapping truncations (0xa8..0xab to i32, 0xae..0xb1 to i64: a NaN or a value out of range traps) and the saturating
/// ones (0xe0..0xe7: NaN gives 0, out of range clamps), from f32 or f64.
library MachineFloatConvert {
    uint256 private constant FRACTION = (1 << 52) - 1;

    function isConvert(uint32 op) internal pure returns (bool) {
        return (op >= 0xa8 && op <= 0xab) || (op >= 0xae && op <= 0xbb) || (op >= 0xe0 && op <= 0xe7);
    }

    /// @notice The converted value; `trapped` for a trapping truncation of a NaN or of a value outside the target.
    function convert(uint32 op, uint256 word) internal pure returns (uint256 result, bool trapped) {
        if (op == 0xb6) return (MachineSoftFloat.demote(word), false);
        if (op == 0xbb) return (MachineSoftFloat.promote(word), false);
        if (op >= 0xb2 && op <= 0xba) {
            bool single = op <= 0xb5;
            uint256 k = single ? op - 0xb2 : op - 0xb7; // 0 i32_s, 1 i32_u, 2 i64_s, 3 i64_u
            int256 v = k == 0
                ? int256(int32(uint32(word)))
                : k == 1 ? int256(uint256(uint32(word))) : k == 2 ? int256(int64(uint64(word))) : int256(uint256(uint64(word)));
            return (MachineSoftFloat.pack(v < 0 ? 1 : 0, uint256(v < 0 ? -v : v), 0, single), false);
        }
        bool saturating = op >= 0xe0;
        // bit 0: unsigned, bit 1: from f64, bit 2: to i64
        uint256 kind = saturating ? op - 0xe0 : op <= 0xab ? op - 0xa8 : op - 0xae + 4;
        bool signed = kind & 1 == 0;
        bool wide = kind & 4 != 0;
        uint256 x = kind & 2 == 0 ? MachineSoftFloat.promote(word) : uint64(word); // an f32 is exactly an f64
        int256 min = signed ? (wide ? int256(type(int64).min) : int256(type(int32).min)) : int256(0);
        int256 max = signed
            ? (wide ? int256(type(int64).max) : int256(type(int32).max))
            : (wide ? int256(uint256(type(uint64).max)) : int256(uint256(type(uint32).max)));
        (bool nan, int256 t) = _truncate(x);
        if (nan || t < min || t > max) {
            if (!saturating) return (0, true);
            t = nan ? int256(0) : t < min ? min : max;
        }
        return (wide ? uint256(uint64(uint256(t))) : uint256(uint32(uint256(t))), false);
    }

    /// @dev The f64 with bits `x` truncated toward zero; beyond 2^64 in magnitude (infinities included) it is +-2^64,
    /// outside every target.
    function _truncate(uint256 x) private pure returns (bool nan, int256 v) {
        uint256 biased = (x >> 52) & 0x7ff;
        bool negative = x >> 63 == 1;
        if (biased == 0x7ff && x & FRACTION != 0) return (true, 0);
        if (biased < 1023) return (false, 0); // |x| < 1 (zeros and subnormals included)
        uint256 exponent = biased - 1023;
        uint256 magnitude;
        if (exponent >= 64) {
            magnitude = 1 << 64;
        } else {
            uint256 mantissa = (x & FRACTION) | (1 << 52);
            magnitude = exponent >= 52 ? mantissa << (exponent - 52) : mantissa >> (52 - exponent);
        }
        return (false, negative ? -int256(magnitude) : int256(magnitude));
    }
}
