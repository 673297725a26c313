/**
 * @internal What an instruction does to the operand stack, for the NaN rewrite's elision: how many values
 * it pops, whether those values' bits can be observed (`bits`: stored, reinterpreted, sign-manipulated...),
 * and how many it pushes. A NaN whose bits are never observed need not be canonicalized: the operand of
 * another float operation (its NaN result is canonicalized in turn), of a comparison, of a truncation to an
 * integer, or of `drop`. `undefined`: anything else (locals, globals, calls, control flow, stores, memory
 * and table instructions...), after which every value on the stack is treated as observed.
 */
export type StackEffect = { pops: number; bits: boolean; pushes: number; nan?: 'f32' | 'f64' };

const F32_NAN_UNARY = new Set([0x8d, 0x8e, 0x8f, 0x90, 0x91, 0xb6]); // ceil floor trunc nearest sqrt, demote
const F64_NAN_UNARY = new Set([0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xbb]); // the same for f64, promote

/** `prefixed`: the 0xFC sub-opcode when `op` is 0xFC. */
export function stackEffect(op: number, prefixed?: number): StackEffect | undefined {
  if (op === 0xfc) return prefixed !== undefined && prefixed <= 7 ? { pops: 1, bits: false, pushes: 1 } : undefined; // trunc_sat
  if (F32_NAN_UNARY.has(op)) return { pops: 1, bits: false, pushes: 1, nan: 'f32' };
  if (F64_NAN_UNARY.has(op)) return { pops: 1, bits: false, pushes: 1, nan: 'f64' };
  if (op >= 0x92 && op <= 0x97) return { pops: 2, bits: false, pushes: 1, nan: 'f32' }; // add sub mul div min max
  if (op >= 0xa0 && op <= 0xa5) return { pops: 2, bits: false, pushes: 1, nan: 'f64' };
  if (op === 0x20 || op === 0x23 || (op >= 0x41 && op <= 0x44)) return { pops: 0, bits: false, pushes: 1 }; // local/global.get, consts
  if (op === 0x1a) return { pops: 1, bits: false, pushes: 0 }; // drop
  if (op >= 0x28 && op <= 0x35) return { pops: 1, bits: false, pushes: 1 }; // loads
  if (op === 0x45 || op === 0x50) return { pops: 1, bits: false, pushes: 1 }; // eqz
  if ((op >= 0x46 && op <= 0x4f) || (op >= 0x51 && op <= 0x66)) return { pops: 2, bits: false, pushes: 1 }; // comparisons
  if ((op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7b)) return { pops: 1, bits: false, pushes: 1 }; // clz ctz popcnt
  if ((op >= 0x6a && op <= 0x78) || (op >= 0x7c && op <= 0x8a)) return { pops: 2, bits: false, pushes: 1 }; // integer binary
  if (op === 0x8b || op === 0x8c || op === 0x99 || op === 0x9a || op === 0xbc || op === 0xbd) return { pops: 1, bits: true, pushes: 1 };
  if (op === 0x98 || op === 0xa6) return { pops: 2, bits: true, pushes: 1 }; // copysign
  if (op >= 0xa7 && op <= 0xc4) return { pops: 1, bits: false, pushes: 1 }; // wrap, truncations, extends, conversions, reinterpret int->float
  return undefined;
}
