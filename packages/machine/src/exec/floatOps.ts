/**
 * f32 and f64 arithmetic and comparisons, with JavaScript's IEEE-754 binary64 operations, which are
 * exactly WebAssembly's for f64; f32 results are rounded once with Math.fround, exact for +, -, *, /
 * and sqrt (binary64 holds more than twice binary32's precision). A NaN result is canonicalized
 * (f64 0x7ff8000000000000, f32 0x7fc00000); abs, neg and copysign are bit operations, as in the spec.
 * An f32 lives in the low word of its slot, an f64 fills it; returns the new sp.
 */
export function floatOp(s32: Int32Array, f32: Float32Array, f64: Float64Array, op: number, sp: number): number {
  if (op >= 0x5b && op <= 0x66) {
    const a = sp - 2;
    const x = op <= 0x60 ? f32[2 * a]! : f64[a]!;
    const y = op <= 0x60 ? f32[2 * a + 2]! : f64[a + 1]!;
    let r: boolean;
    switch (op <= 0x60 ? op - 0x5b : op - 0x61) {
      case 0:
        r = x === y;
        break;
      case 1:
        r = x !== y;
        break;
      case 2:
        r = x < y;
        break;
      case 3:
        r = x > y;
        break;
      case 4:
        r = x <= y;
        break;
      default:
        r = x >= y;
        break;
    }
    s32[2 * a] = r ? 1 : 0;
    s32[2 * a + 1] = 0;
    return sp - 1;
  }
  const single = op <= 0x98;
  const k = single ? op - 0x8b : op - 0x99; // 0 abs .. 6 sqrt, 7 add .. 13 copysign
  const s = k < 7 ? sp - 1 : sp - 2;
  const hw = single ? 2 * s : 2 * s + 1; // the word holding the sign bit
  if (k === 0) s32[hw] = s32[hw]! & 0x7fffffff;
  else if (k === 1) s32[hw] = s32[hw]! ^ -0x80000000;
  else if (k === 13) s32[hw] = (s32[hw]! & 0x7fffffff) | (s32[single ? hw + 2 : hw + 2]! & -0x80000000);
  else {
    const x = single ? f32[2 * s]! : f64[s]!;
    const y = k >= 7 ? (single ? f32[2 * s + 2]! : f64[s + 1]!) : 0;
    const r = arithmetic(k, x, y);
    if (Number.isNaN(r)) {
      s32[2 * s] = single ? 0x7fc00000 : 0;
      s32[2 * s + 1] = single ? 0 : 0x7ff80000;
    } else if (single) {
      f32[2 * s] = r;
      s32[2 * s + 1] = 0;
    } else f64[s] = r;
  }
  return k < 7 ? sp : sp - 1;
}

function arithmetic(k: number, x: number, y: number): number {
  switch (k) {
    case 2:
      return Math.ceil(x);
    case 3:
      return Math.floor(x);
    case 4:
      return Math.trunc(x);
    case 5:
      return nearest(x);
    case 6:
      return Math.sqrt(x);
    case 7:
      return x + y;
    case 8:
      return x - y;
    case 9:
      return x * y;
    case 10:
      return x / y;
    case 11:
      return Math.min(x, y);
    default:
      return Math.max(x, y);
  }
}

/** Round to nearest, ties to even (f64.nearest); keeps the sign of zero. */
export function nearest(x: number): number {
  if (Number.isNaN(x) || x === 0 || !Number.isFinite(x)) return x;
  if (Math.abs(x - Math.trunc(x)) === 0.5) return 2 * Math.round(x / 2);
  return Math.round(x);
}
