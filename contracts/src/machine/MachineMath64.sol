// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MachineMath64
/// @notice i64 numeric instructions (0x50..0x5a, 0x79..0x8a, 0xc2..0xc4) and the integer conversions and
/// reinterpretations (0xa7 wrap, 0xac/0xad extend, 0xbc..0xbf) on u64 bit patterns.
library MachineMath64 {
    function isI64(uint32 op) internal pure returns (bool) {
        return (op >= 0x50 && op <= 0x5a) || (op >= 0x79 && op <= 0x8a) || (op >= 0xc2 && op <= 0xc4) || op == 0xa7 || op == 0xac
            || op == 0xad || (op >= 0xbc && op <= 0xbf);
    }

    function isUnary(uint32 op) internal pure returns (bool) {
        return op == 0x50 || op == 0x79 || op == 0x7a || op == 0x7b || op >= 0xa7;
    }

    function unary(uint32 op, uint64 x) internal pure returns (uint64) {
        if (op == 0x50) return x == 0 ? 1 : 0;
        if (op == 0x79) return _clz(x);
        if (op == 0x7a) return _ctz(x);
        if (op == 0x7b) return _popcnt(x);
        if (op == 0xc2) return uint64(int64(int8(uint8(x))));
        if (op == 0xc3) return uint64(int64(int16(uint16(x))));
        if (op == 0xc4 || op == 0xac) return uint64(int64(int32(uint32(x))));
        if (op == 0xa7 || op == 0xad) return uint64(uint32(x));
        return x; // reinterpretations: the bits stay
    }

    function binary(uint32 op, uint64 x, uint64 y) internal pure returns (uint64 r, bool trapped) {
        unchecked {
            if (op <= 0x5a) return (_compare(op, x, y) ? 1 : 0, false);
            if (op == 0x7c) return (x + y, false);
            if (op == 0x7d) return (x - y, false);
            if (op == 0x7e) return (x * y, false);
            if (op >= 0x7f && op <= 0x82) {
                if (y == 0) return (0, true);
                if (op == 0x7f) {
                    if (x == 1 << 63 && y == type(uint64).max) return (0, true);
                    return (uint64(int64(x) / int64(y)), false);
                }
                if (op == 0x80) return (x / y, false);
                if (op == 0x81) return (y == type(uint64).max ? 0 : uint64(int64(x) % int64(y)), false);
                return (x % y, false);
            }
            if (op == 0x83) return (x & y, false);
            if (op == 0x84) return (x | y, false);
            if (op == 0x85) return (x ^ y, false);
            uint64 k = y & 63;
            if (op == 0x86) return (x << k, false);
            if (op == 0x87) return (uint64(int64(x) >> k), false);
            if (op == 0x88) return (x >> k, false);
            if (op == 0x89) return (k == 0 ? x : (x << k) | (x >> (64 - k)), false);
            return (k == 0 ? x : (x >> k) | (x << (64 - k)), false); // 0x8a rotr
        }
    }

    function _compare(uint32 op, uint64 x, uint64 y) private pure returns (bool) {
        int64 a = int64(x);
        int64 b = int64(y);
        if (op == 0x51) return x == y;
        if (op == 0x52) return x != y;
        if (op == 0x53) return a < b;
        if (op == 0x54) return x < y;
        if (op == 0x55) return a > b;
        if (op == 0x56) return x > y;
        if (op == 0x57) return a <= b;
        if (op == 0x58) return x <= y;
        if (op == 0x59) return a >= b;
        return x >= y; // 0x5a
    }

    function _clz(uint64 x) private pure returns (uint64 n) {
        if (x == 0) return 64;
        while (x & (1 << 63) == 0) {
            x <<= 1;
            n++;
        }
    }

    function _ctz(uint64 x) private pure returns (uint64 n) {
        if (x == 0) return 64;
        while (x & 1 == 0) {
            x >>= 1;
            n++;
        }
    }

    function _popcnt(uint64 x) private pure returns (uint64 n) {
        while (x != 0) {
            n += x & 1;
            x >>= 1;
        }
    }
}
