// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MachineFloatBits
/// @notice The float instructions that need no rounding, on IEEE-754 bit patterns: comparisons (f32 0x5b..0x60,
/// f64 0x61..0x66), abs, neg, copysign (f32 0x8b, 0x8c, 0x98; f64 0x99, 0x9a, 0xa6) and min, max (f32 0x96, 0x97;
/// f64 0xa4, 0xa5; a NaN operand gives the canonical NaN, as the machine's), and ceil, floor, trunc, nearest (f32
/// 0x8d..0x90, f64 0x9b..0x9e: exact, an integral value is representable). An f32 is the low 32 bits of its slot word,
/// an f64 the low 64. Arithmetic that rounds is MachineSoftFloat's.
library MachineFloatBits {

    /// @notice ceil, floor, trunc, nearest (ties to even) of an f32 (0x8d..0x90) or an f64 (0x9b..0x9e), on the bits.
    function roundIntegral(uint32 op, uint256 x) internal pure returns (uint256) {
        bool single = op <= 0x90;
        uint256 p = single ? 23 : 52;
        uint256 bias = single ? 127 : 1023;
        if (single) x &= 0xffffffff;
        uint256 k = single ? op - 0x8d : op - 0x9b; // 0 ceil, 1 floor, 2 trunc, 3 nearest
        uint256 fraction = x & ((1 << p) - 1);
        uint256 biased = (x >> p) & (2 * bias + 1);
        bool negative = x >> (single ? 31 : 63) == 1;
        if (biased == 2 * bias + 1) return fraction != 0 ? (single ? 0x7fc00000 : 0x7ff8000000000000) : x; // NaN, infinities
        if (biased >= bias + p || (biased == 0 && fraction == 0)) return x; // already integral, or a zero
        if (biased < bias) {
            // |x| < 1: a signed zero or a signed one
            bool one = k == 0 ? !negative : k == 1 ? negative : k == 3 && (biased == bias - 1 && fraction != 0);
            return (negative ? 1 << (single ? 31 : 63) : 0) | (one ? bias << p : 0);
        }
        return _roundFraction(k, x, bias + p - biased, negative);
    }

    /// @dev Rounds away the low `fractionBits` bits of a finite `x` with 1 <= |x| < 2^p.
    function _roundFraction(uint256 k, uint256 x, uint256 fractionBits, bool negative) private pure returns (uint256) {
        uint256 mask = (1 << fractionBits) - 1;
        uint256 rest = x & mask;
        uint256 down = x & ~mask;
        if (rest == 0) return x;
        bool up = k == 0 ? !negative : k == 1 ? negative : false;
        if (k == 3) {
            uint256 half = 1 << (fractionBits - 1);
            up = rest > half || (rest == half && (x >> fractionBits) & 1 == 1);
        }
        return up ? down + (1 << fractionBits) : down; // a carry into the exponent is the next power of two
    }

    /// @notice abs, neg (unary) and copysign: bit operations on the sign, NaN payloads kept as the spec says.
    function signOp(uint32 op, uint256 x, uint256 y) internal pure returns (uint256) {
        bool single = op <= 0x98;
        uint256 sign = single ? 1 << 31 : 1 << 63;
        if (op == 0x8b || op == 0x99) return x & ~sign;
        if (op == 0x8c || op == 0x9a) return x ^ sign;
        return (x & ~sign) | (y & sign);
    }

    /// @notice min and max: NaN if either is NaN (canonical), -0 below +0.
    function minMax(uint32 op, uint256 x, uint256 y) internal pure returns (uint256) {
        bool single = op <= 0x97;
        if (_isNaN(x, single) || _isNaN(y, single)) return single ? 0x7fc00000 : 0x7ff8000000000000;
        int256 a = _ordered(x, single);
        int256 b = _ordered(y, single);
        bool isMin = op == 0x96 || op == 0xa4;
        if (a == b) return isMin ? x | y : x & y; // equal values, or -0 and +0
        return (a < b) == isMin ? x : y;
    }

    /// @notice eq, ne, lt, gt, le, ge: a NaN is unordered (only ne holds), -0 equals +0.
    function compare(uint32 op, uint256 x, uint256 y) internal pure returns (bool) {
        bool single = op <= 0x60;
        uint256 k = single ? op - 0x5b : op - 0x61; // 0 eq, 1 ne, 2 lt, 3 gt, 4 le, 5 ge
        if (_isNaN(x, single) || _isNaN(y, single)) return k == 1;
        int256 a = _ordered(x, single);
        int256 b = _ordered(y, single);
        if (k == 0) return a == b;
        if (k == 1) return a != b;
        if (k == 2) return a < b;
        if (k == 3) return a > b;
        if (k == 4) return a <= b;
        return a >= b;
    }

    function _isNaN(uint256 v, bool single) private pure returns (bool) {
        return single ? (v & 0x7fffffff) > 0x7f800000 : (v & 0x7fffffffffffffff) > 0x7ff0000000000000;
    }

    /// @dev A total order of the non-NaN values: the magnitude bits, negated for a set sign bit (so both zeros are 0).
    function _ordered(uint256 v, bool single) private pure returns (int256) {
        uint256 sign = single ? 1 << 31 : 1 << 63;
        int256 magnitude = int256(v & (sign - 1));
        return v & sign != 0 ? -magnitude : magnitude;
    }
}
