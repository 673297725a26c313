import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithV8, edgeCases } from '../testing/differential.ts';
import { T, type ValType } from '../testing/wasmBuilder.ts';

/** [opcode bytes, operand type, result type] of every conversion and saturating truncation. */
const CONVERSIONS: [number[], ValType, ValType][] = [
  [[0xa7], T.i64, T.i32],
  [[0xa8], T.f32, T.i32],
  [[0xa9], T.f32, T.i32],
  [[0xaa], T.f64, T.i32],
  [[0xab], T.f64, T.i32],
  [[0xac], T.i32, T.i64],
  [[0xad], T.i32, T.i64],
  [[0xae], T.f32, T.i64],
  [[0xaf], T.f32, T.i64],
  [[0xb0], T.f64, T.i64],
  [[0xb1], T.f64, T.i64],
  [[0xb2], T.i32, T.f32],
  [[0xb3], T.i32, T.f32],
  [[0xb4], T.i64, T.f32],
  [[0xb5], T.i64, T.f32],
  [[0xb6], T.f64, T.f32],
  [[0xb7], T.i32, T.f64],
  [[0xb8], T.i32, T.f64],
  [[0xb9], T.i64, T.f64],
  [[0xba], T.i64, T.f64],
  [[0xbb], T.f32, T.f64],
  [[0xbc], T.f32, T.i32],
  [[0xbd], T.f64, T.i64],
  [[0xbe], T.i32, T.f32],
  [[0xbf], T.i64, T.f64],
  [[0xfc, 0], T.f32, T.i32],
  [[0xfc, 1], T.f32, T.i32],
  [[0xfc, 2], T.f64, T.i32],
  [[0xfc, 3], T.f64, T.i32],
  [[0xfc, 4], T.f32, T.i64],
  [[0xfc, 5], T.f32, T.i64],
  [[0xfc, 6], T.f64, T.i64],
  [[0xfc, 7], T.f64, T.i64],
];

test('conversions, reinterpretations and saturating truncations match V8 on edge operands', async () => {
  const cases = CONVERSIONS.flatMap(([op, from, to]) => edgeCases(op, [from], to));
  // i64 -> f32 must round once: values just past 2^53 where Number() then fround would round twice.
  for (const op of [0xb4, 0xb5])
    for (const v of [2n ** 53n + 1n, 2n ** 60n + 2n ** 36n + 1n, 0x7fffff4000000001n])
      cases.push({ op: [op], params: [T.i64], result: T.f32, args: [v] });
  const { compared, traps } = await compareWithV8(cases);
  assert.ok(compared > 500);
  assert.ok(traps > 40, 'NaN and out-of-range truncations trap');
});
