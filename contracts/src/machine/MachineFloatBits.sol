// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MachineFloatBits
/// @notice The float instructions that need no rounding, on IEEE-754 bit patterns: comparisons (f32 0x5b..0x60,
/// f64 0x61..0x66), abs, neg, copysign (f32 0x8b, 0x8c, 0x98; f64 0x99, 0x9a, 0xa6) and min, max (f32 0x96, 0x97;
/// f64 0xa4, 0xa5; a NaN operand gives the canonical NaN, as the machine's), and f64 ceil, floor, trunc, nearest
/// (0x9b..0x9e: exact, an integral value is representable). An f32 is the low 32 bits of its slot word, an f64 the
/// low 64. Arithmetic that rounds waits for the float decision (docs/decisions/009).
library MachineFloatBits {
    function isFloatBits(uint32 op) internal pure returns (bool) {
        return (op >= 0x5b && op <= 0x66) || op == 0x8b || op == 0x8c || (op >= 0x96 && op <= 0x9e) || (op >= 0xa4 && op <= 0xa6);
    }

    function isUnary(uint32 op) internal pure returns (bool) {
        return op == 0x8b || op == 0x8c || (op >= 0x99 && op <= 0x9e);
    }

    /// @notice f64 ceil (0x9b), floor (0x9c), trunc (0x9d), nearest (0x9e, ties to even), on the bits.
    function roundIntegral(uint32 op, uint256 x) internal pure returns (uint256) {
        uint256 biased = (x >> 52) & 0x7ff;
        bool negative = x >> 63 == 1;
        if (biased == 0x7ff) return x & ((1 << 52) - 1) != 0 ? 0x7ff8000000000000 : x; // NaN (canonical), infinities
        if (biased >= 1075 || x << 193 == 0) return x; // already integral, or a zero
        if (biased < 1023) {
            // |x| < 1: a signed zero or a signed one
            bool one = op == 0x9b ? !negative : op == 0x9c ? negative : op == 0x9e && (biased == 1022 && x & ((1 << 52) - 1) != 0);
            return (negative ? 1 << 63 : 0) | (one ? 0x3ff0000000000000 : 0);
        }
        uint256 fractionBits = 1075 - biased;
        uint256 mask = (1 << fractionBits) - 1;
        uint256 rest = x & mask;
        uint256 down = x & ~mask;
        if (rest == 0) return x;
        bool up = op == 0x9b ? !negative : op == 0x9c ? negative : false;
        if (op == 0x9e) {
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
