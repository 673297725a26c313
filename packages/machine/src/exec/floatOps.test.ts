import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithV8, edgeCases } from '../testing/differential.ts';
import { T } from '../testing/wasmBuilder.ts';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('f32 and f64 comparisons and arithmetic match V8 bit for bit (NaN payloads aside) on edge operands', async () => {
  const cases = [
    ...range(0x5b, 0x60).flatMap((op) => edgeCases([op], [T.f32, T.f32], T.i32)),
    ...range(0x61, 0x66).flatMap((op) => edgeCases([op], [T.f64, T.f64], T.i32)),
    ...range(0x8b, 0x91).flatMap((op) => edgeCases([op], [T.f32], T.f32)),
    ...range(0x92, 0x98).flatMap((op) => edgeCases([op], [T.f32, T.f32], T.f32)),
    ...range(0x99, 0x9f).flatMap((op) => edgeCases([op], [T.f64], T.f64)),
    ...range(0xa0, 0xa6).flatMap((op) => edgeCases([op], [T.f64, T.f64], T.f64)),
  ];
  const { compared, traps } = await compareWithV8(cases);
  assert.ok(compared > 5000);
  assert.equal(traps, 0);
});
