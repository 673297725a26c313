// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MachineMath
/// @notice i32 numeric instructions of the machine (WebAssembly opcodes 0x45..0x4f, 0x67..0x78, 0xc0, 0xc1).
/// Operands and results are u32 bit patterns; `trapped` is set for division by zero and INT_MIN / -1.
library MachineMath {
    function isI32(uint32 op) internal pure returns (bool) {
        return (op >= 0x45 && op <= 0x4f) || (op >= 0x67 && op <= 0x78) || op == 0xc0 || op == 0xc1;
    }

    function isUnary(uint32 op) internal pure returns (bool) {
        return op == 0x45 || op == 0x67 || op == 0x68 || op == 0x69 || op == 0xc0 || op == 0xc1;
    }

    function unary(uint32 op, uint32 x) internal pure returns (uint32) {
        if (op == 0x45) return x == 0 ? 1 : 0;
        if (op == 0x67) return _clz(x);
        if (op == 0x68) return _ctz(x);
        if (op == 0x69) return _popcnt(x);
        if (op == 0xc0) return uint32(int32(int8(uint8(x))));
        return uint32(int32(int16(uint16(x)))); // 0xc1
    }

    function binary(uint32 op, uint32 x, uint32 y) internal pure returns (uint32 r, bool trapped) {
        unchecked {
            if (op <= 0x4f) return (_compare(op, x, y) ? 1 : 0, false);
            if (op == 0x6a) return (x + y, false);
            if (op == 0x6b) return (x - y, false);
            if (op == 0x6c) return (x * y, false);
            if (op >= 0x6d && op <= 0x70) {
                if (y == 0) return (0, true);
                if (op == 0x6d) {
                    if (x == 0x80000000 && y == 0xffffffff) return (0, true);
                    return (uint32(int32(x) / int32(y)), false);
                }
                if (op == 0x6e) return (x / y, false);
                if (op == 0x6f) return (y == 0xffffffff ? 0 : uint32(int32(x) % int32(y)), false);
                return (x % y, false);
            }
            if (op == 0x71) return (x & y, false);
            if (op == 0x72) return (x | y, false);
            if (op == 0x73) return (x ^ y, false);
            uint32 k = y & 31;
            if (op == 0x74) return (x << k, false);
            if (op == 0x75) return (uint32(int32(x) >> k), false);
            if (op == 0x76) return (x >> k, false);
            if (op == 0x77) return (k == 0 ? x : (x << k) | (x >> (32 - k)), false);
            return (k == 0 ? x : (x >> k) | (x << (32 - k)), false); // 0x78 rotr
        }
    }

    function _compare(uint32 op, uint32 x, uint32 y) private pure returns (bool) {
        int32 a = int32(x);
        int32 b = int32(y);
        if (op == 0x46) return x == y;
        if (op == 0x47) return x != y;
        if (op == 0x48) return a < b;
        if (op == 0x49) return x < y;
        if (op == 0x4a) return a > b;
        if (op == 0x4b) return x > y;
        if (op == 0x4c) return a <= b;
        if (op == 0x4d) return x <= y;
        if (op == 0x4e) return a >= b;
        return x >= y; // 0x4f
    }

    function _clz(uint32 x) private pure returns (uint32 n) {
        if (x == 0) return 32;
        while (x & 0x80000000 == 0) {
            x <<= 1;
            n++;
        }
    }

    function _ctz(uint32 x) private pure returns (uint32 n) {
        if (x == 0) return 32;
        while (x & 1 == 0) {
            x >>= 1;
            n++;
        }
    }

    function _popcnt(uint32 x) private pure returns (uint32 n) {
        while (x != 0) {
            n += x & 1;
            x >>= 1;
        }
    }
}
