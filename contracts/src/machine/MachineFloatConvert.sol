// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MachineFloatConvert
/// @notice Integer to f64 (0xb7 i32_s, 0xb8 i32_u, 0xb9 i64_s, 0xba i64_u: round to nearest, ties to even) and the
/// saturating truncations from f64 (0xe2 i32_s, 0xe3 i32_u, 0xe6 i64_s, 0xe7 i64_u: NaN gives 0, out of range clamps),
/// on bit patterns. The trapping truncations and the f32 forms wait for the float decision.
library MachineFloatConvert {
    uint256 private constant FRACTION = (1 << 52) - 1;

    function isConvert(uint32 op) internal pure returns (bool) {
        return (op >= 0xb7 && op <= 0xba) || op == 0xe2 || op == 0xe3 || op == 0xe6 || op == 0xe7;
    }

    function convert(uint32 op, uint256 word) internal pure returns (uint256) {
        if (op == 0xb7) return _toF64(int256(int32(uint32(word))));
        if (op == 0xb8) return _toF64(int256(uint256(uint32(word))));
        if (op == 0xb9) return _toF64(int256(int64(uint64(word))));
        if (op == 0xba) return _toF64(int256(uint256(uint64(word))));
        bool signed = op == 0xe2 || op == 0xe6;
        bool wide = op >= 0xe6;
        int256 min = signed ? (wide ? int256(type(int64).min) : int256(type(int32).min)) : int256(0);
        int256 max = wide ? int256(uint256(type(uint64).max)) : int256(uint256(type(uint32).max));
        if (signed) max = wide ? int256(type(int64).max) : int256(type(int32).max);
        int256 v = _truncate(uint64(word), min, max);
        return wide ? uint256(uint64(uint256(v))) : uint256(uint32(uint256(v)));
    }

    /// @dev The f64 nearest to `v` (|v| < 2^64), ties to even.
    function _toF64(int256 v) private pure returns (uint256) {
        if (v == 0) return 0;
        uint256 sign = v < 0 ? 1 << 63 : 0;
        uint256 m = uint256(v < 0 ? -v : v);
        uint256 msb = 0;
        while (m >> (msb + 1) != 0) msb++;
        uint256 exponent = 1023 + msb;
        if (msb <= 52) return sign | (exponent << 52) | ((m << (52 - msb)) & FRACTION);
        uint256 shift = msb - 52;
        uint256 keep = m >> shift;
        uint256 rest = m & ((1 << shift) - 1);
        uint256 half = 1 << (shift - 1);
        if (rest > half || (rest == half && keep & 1 == 1)) keep++;
        if (keep == 1 << 53) {
            keep >>= 1;
            exponent++;
        }
        return sign | (exponent << 52) | (keep & FRACTION);
    }

    /// @dev Truncates the f64 with bits `x` toward zero and clamps it to [min, max]; NaN gives 0.
    function _truncate(uint64 x, int256 min, int256 max) private pure returns (int256) {
        uint256 biased = (x >> 52) & 0x7ff;
        bool negative = x >> 63 == 1;
        if (biased == 0x7ff && x & FRACTION != 0) return 0; // NaN
        if (biased < 1023) return 0; // |x| < 1 (zeros and subnormals included)
        uint256 exponent = biased - 1023;
        if (exponent >= 64) return negative ? min : max; // infinities and beyond every target
        uint256 mantissa = (x & FRACTION) | (1 << 52);
        uint256 magnitude = exponent >= 52 ? mantissa << (exponent - 52) : mantissa >> (52 - exponent);
        int256 v = negative ? -int256(magnitude) : int256(magnitude);
        return v < min ? min : v > max ? max : v;
    }
}
