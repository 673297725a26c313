import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithV8, edgeCases } from '../testing/differential.ts';
import { T } from '../testing/wasmBuilder.ts';

test('i64 comparisons, arithmetic, bit operations and sign extension match V8 on edge operands', async () => {
  const cases = [
    ...edgeCases([0x50], [T.i64], T.i32),
    ...Array.from({ length: 0x5a - 0x51 + 1 }, (_, i) => edgeCases([0x51 + i], [T.i64, T.i64], T.i32)).flat(),
    ...[0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4].flatMap((op) => edgeCases([op], [T.i64], T.i64)),
    ...Array.from({ length: 0x8a - 0x7c + 1 }, (_, i) => edgeCases([0x7c + i], [T.i64, T.i64], T.i64)).flat(),
  ];
  const { compared, traps } = await compareWithV8(cases);
  assert.ok(compared > 3000);
  assert.ok(traps > 30);
});
