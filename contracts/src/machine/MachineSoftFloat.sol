// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MachineSoftFloat
/// @notice f64 add, sub, mul, div, sqrt (0xa0..0xa3, 0x9f) in IEEE-754 binary64 with round to nearest, ties to even,
/// on bit patterns: exact integer arithmetic on the significands, then one rounding (`_pack`). A NaN result is the
/// canonical NaN, as the machine's (docs/decisions/009). f32 arithmetic is not used by the apps and not here.
library MachineSoftFloat {
    uint256 private constant FRACTION = (1 << 52) - 1;
    uint256 private constant NAN = 0x7ff8000000000000;
    uint256 private constant INF = 0x7ff0000000000000;

    function isArithmetic(uint32 op) internal pure returns (bool) {
        return op == 0x9f || (op >= 0xa0 && op <= 0xa3);
    }

    function execute(uint32 op, uint256 x, uint256 y) internal pure returns (uint256) {
        if (op == 0x9f) return _sqrt(x);
        if (_isNaN(x) || _isNaN(y)) return NAN;
        if (op == 0xa1) y ^= 1 << 63; // x - y = x + (-y)
        if (op <= 0xa1) return _add(x, y);
        if (op == 0xa2) return _mul(x, y);
        return _div(x, y);
    }

    function _add(uint256 x, uint256 y) private pure returns (uint256) {
        bool xi = _isInf(x);
        bool yi = _isInf(y);
        if (xi && yi) return x == y ? x : NAN;
        if (xi) return x;
        if (yi) return y;
        if (x << 193 == 0 && y << 193 == 0) return x & y; // zeros: -0 only if both are
        if (x << 193 == 0) return y;
        if (y << 193 == 0) return x;
        (uint256 sx, uint256 mx, int256 ex) = _unpack(x);
        (uint256 sy, uint256 my, int256 ey) = _unpack(y);
        if (ex < ey) (sx, mx, ex, sy, my, ey) = (sy, my, ey, sx, mx, ex);
        uint256 a;
        uint256 b;
        int256 e;
        if (ex - ey > 120) {
            // y only nudges x below its rounding position: three guard bits and a sticky one
            (a, b, e) = (mx << 3, 1, ex - 3);
        } else {
            (a, b, e) = (mx << uint256(ex - ey), my, ey);
        }
        if (sx == sy) return _pack(sx, a + b, e);
        if (a == b) return 0;
        return a > b ? _pack(sx, a - b, e) : _pack(sy, b - a, e);
    }

    function _mul(uint256 x, uint256 y) private pure returns (uint256) {
        uint256 sign = (x ^ y) >> 63;
        if (_isInf(x) || _isInf(y)) return (x << 193 == 0 || y << 193 == 0) ? NAN : (sign << 63) | INF;
        if (x << 193 == 0 || y << 193 == 0) return sign << 63;
        (, uint256 mx, int256 ex) = _unpack(x);
        (, uint256 my, int256 ey) = _unpack(y);
        return _pack(sign, mx * my, ex + ey);
    }

    function _div(uint256 x, uint256 y) private pure returns (uint256) {
        uint256 sign = (x ^ y) >> 63;
        bool xi = _isInf(x);
        bool yi = _isInf(y);
        bool xz = x << 193 == 0;
        bool yz = y << 193 == 0;
        if ((xi && yi) || (xz && yz)) return NAN;
        if (xi || yz) return (sign << 63) | INF;
        if (yi || xz) return sign << 63;
        (, uint256 mx, int256 ex) = _unpack(x);
        (, uint256 my, int256 ey) = _unpack(y);
        uint256 n = mx << 128;
        uint256 q = n / my;
        uint256 sticky = n % my == 0 ? 0 : 1;
        return _pack(sign, (q << 1) | sticky, ex - ey - 129);
    }

    function _sqrt(uint256 x) private pure returns (uint256) {
        if (_isNaN(x)) return NAN;
        if (x << 193 == 0) return x; // ±0
        if (x >> 63 == 1) return NAN;
        if (_isInf(x)) return x;
        (, uint256 m, int256 e) = _unpack(x);
        if (e & 1 != 0) {
            m <<= 1;
            e -= 1;
        }
        uint256 big = m << 120;
        uint256 r = _isqrt(big);
        uint256 sticky = r * r == big ? 0 : 1;
        return _pack(0, (r << 1) | sticky, (e - 120) / 2 - 1);
    }

    /// @dev sign, significand and exponent of a finite non-zero f64: value = m * 2^e.
    function _unpack(uint256 x) private pure returns (uint256 sign, uint256 m, int256 e) {
        sign = x >> 63;
        uint256 biased = (x >> 52) & 0x7ff;
        if (biased == 0) return (sign, x & FRACTION, -1074);
        return (sign, (x & FRACTION) | (1 << 52), int256(biased) - 1075);
    }

    /// @dev The f64 nearest to m * 2^e (ties to even), with the sign; overflow gives an infinity, underflow a subnormal or zero.
    function _pack(uint256 sign, uint256 m, int256 e) private pure returns (uint256) {
        if (m == 0) return sign << 63;
        int256 p = int256(_msb(m));
        int256 shift = p - 52 > -1074 - e ? p - 52 : -1074 - e;
        uint256 q;
        if (shift >= 256) {
            q = 0;
        } else if (shift > 0) {
            uint256 s = uint256(shift);
            q = m >> s;
            uint256 rest = m & ((1 << s) - 1);
            uint256 half = 1 << (s - 1);
            if (rest > half || (rest == half && q & 1 == 1)) q++;
        } else {
            q = m << uint256(-shift);
        }
        int256 exp2 = e + shift;
        if (q >= 1 << 53) {
            q >>= 1;
            exp2++;
        }
        if (q < 1 << 52) return (sign << 63) | q; // subnormal (exp2 is -1074) or zero
        int256 biased = exp2 + 1075;
        if (biased >= 0x7ff) return (sign << 63) | INF;
        return (sign << 63) | (uint256(biased) << 52) | (q & FRACTION);
    }

    function _isNaN(uint256 x) private pure returns (bool) {
        return (x & 0x7fffffffffffffff) > INF;
    }

    function _isInf(uint256 x) private pure returns (bool) {
        return (x & 0x7fffffffffffffff) == INF;
    }

    function _msb(uint256 x) private pure returns (uint256 r) {
        for (uint256 s = 128; s > 0; s >>= 1) {
            if (x >> s != 0) {
                x >>= s;
                r += s;
            }
        }
    }

    function _isqrt(uint256 x) private pure returns (uint256 r) {
        r = 1 << ((_msb(x) >> 1) + 1);
        uint256 y = (r + x / r) >> 1;
        while (y < r) {
            r = y;
            y = (r + x / r) >> 1;
        }
    }
}
