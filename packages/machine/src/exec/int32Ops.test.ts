import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithV8, edgeCases } from '../testing/differential.ts';
import { T } from '../testing/wasmBuilder.ts';

test('i32 comparisons, arithmetic, bit operations and sign extension match V8 on edge operands', async () => {
  const cases = [
    ...edgeCases([0x45], [T.i32], T.i32),
    ...[0x67, 0x68, 0x69, 0xc0, 0xc1].flatMap((op) => edgeCases([op], [T.i32], T.i32)),
    ...Array.from({ length: 0x4f - 0x46 + 1 }, (_, i) => edgeCases([0x46 + i], [T.i32, T.i32], T.i32)).flat(),
    ...Array.from({ length: 0x78 - 0x6a + 1 }, (_, i) => edgeCases([0x6a + i], [T.i32, T.i32], T.i32)).flat(),
  ];
  const { compared, traps } = await compareWithV8(cases);
  assert.ok(compared > 4000);
  assert.ok(traps > 30, 'division by zero and INT_MIN / -1 trap'); // div_s, div_u, rem_s, rem_u by 0; div_s overflow
});
