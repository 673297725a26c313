import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runMachine, runV8 } from '../testing/differential.ts';
import { buildModule, f64c, i32c, i64c, T, type ModuleSpec } from '../testing/wasmBuilder.ts';

const store32 = (address: number, value: number[]) => [...i32c(address), ...value, 0x36, 0x00, 0x00];
const store64 = (address: number, value: number[]) => [...i32c(address), ...value, 0x37, 0x00, 0x00];

/** Runs the module on both engines: same trap-or-not, same memory. */
async function same(spec: ModuleSpec) {
  const bytes = buildModule({ memory: { min: 1 }, ...spec });
  const expected = await runV8(bytes);
  const m = runMachine(bytes);
  if (expected.trap) assert.equal(m.status, 'trapped', `V8 trapped (${expected.trap}), the machine did not`);
  else {
    assert.equal(m.status, 'exited', m.trap);
    assert.deepEqual(m.memory, expected.memory);
  }
  return m;
}

describe('control flow, calls, globals', () => {
  test('blocks, loops, if/else and branches carrying a value over extra operands', async () => {
    await same({
      funcs: [
        {
          locals: [T.i32, T.i32],
          body: [
            // sum 1..100 with a loop and br_if
            0x02,
            0x40,
            0x03,
            0x40,
            0x20,
            0,
            ...i32c(1),
            0x6a,
            0x22,
            0,
            0x20,
            1,
            0x6a,
            0x21,
            1,
            0x20,
            0,
            ...i32c(100),
            0x48,
            0x0d,
            0,
            0x0b,
            0x0b,
            ...store32(0, [0x20, 1]),
            // block (result i32) 1 2 3 br 0 end: keeps 3
            ...store32(4, [0x02, T.i32, ...i32c(1), ...i32c(2), ...i32c(3), 0x0c, 0, 0x0b]),
            // if/else with results, both ways; if without else
            ...store32(8, [...i32c(0), 0x04, T.i32, ...i32c(10), 0x05, ...i32c(20), 0x0b]),
            ...store32(12, [...i32c(5), 0x04, T.i32, ...i32c(10), 0x05, ...i32c(20), 0x0b]),
            ...i32c(1),
            0x04,
            0x40,
            ...store32(16, i32c(77)),
            0x0b,
            ...i32c(0),
            0x04,
            0x40,
            ...store32(16, i32c(88)),
            0x0b,
            // br_if with a value, taken and not taken (the value stays)
            ...store32(20, [0x02, T.i32, ...i32c(9), ...i32c(1), 0x0d, 0, 0x1a, ...i32c(8), 0x0b]),
            ...store32(24, [0x02, T.i32, ...i32c(9), ...i32c(0), 0x0d, 0, 0x1a, ...i32c(8), 0x0b]),
            // select, both ways
            ...store32(28, [...i32c(1), ...i32c(2), ...i32c(0), 0x1b]),
            ...store64(32, [...i64c(1n), ...i64c(2n), ...i32c(3), 0x1b]),
            // nested blocks, br 2 out of a loop
            ...store32(40, [0x02, T.i32, 0x02, 0x40, 0x03, 0x40, ...i32c(42), 0x0c, 2, 0x0b, 0x0b, ...i32c(0), 0x0b]),
          ],
        },
      ],
    });
  });

  test('br_table picks each label and the default, carrying a value', async () => {
    const pick = (index: number) => [
      0x02,
      T.i32,
      0x02,
      0x40,
      0x02,
      0x40,
      0x02,
      0x40,
      ...i32c(index),
      0x0e,
      3,
      0,
      1,
      2,
      2,
      0x0b,
      ...i32c(100),
      0x0c,
      2,
      0x0b,
      ...i32c(200),
      0x0c,
      1,
      0x0b,
      ...i32c(300),
      0x0b,
    ];
    await same({ funcs: [{ body: [0, 1, 2, 3, 7, -1].flatMap((i, k) => store32(4 * k, pick(i))) }] });
  });

  test('recursive calls, early return, and a mutable i64 / f64 / i32 global', async () => {
    const fact = {
      params: [T.i64],
      results: [T.i64],
      body: [0x20, 0, 0x50, 0x04, 0x40, ...i64c(1n), 0x0f, 0x0b, 0x20, 0, 0x20, 0, ...i64c(1n), 0x7d, 0x10, 0, 0x7e],
    };
    const bump = { body: [0x23, 0, ...i32c(1), 0x6a, 0x24, 0, 0x23, 1, ...f64c(0.5), 0xa0, 0x24, 1] };
    await same({
      globals: [
        { type: T.i32, mutable: true, init: i32c(40) },
        { type: T.f64, mutable: true, init: f64c(1) },
        { type: T.i64, mutable: false, init: i64c(-5n) },
      ],
      funcs: [
        fact,
        bump,
        {
          body: [
            ...store64(0, [...i64c(20n), 0x10, 0]),
            0x10,
            1,
            0x10,
            1,
            ...store32(8, [0x23, 0]),
            ...i32c(16),
            0x23,
            1,
            0x39,
            0x00,
            0x00,
            ...store64(24, [0x23, 2]),
          ],
        },
      ],
    });
  });

  test('call_indirect by signature, and its traps: wrong signature, index past the table', async () => {
    const funcs = [
      { params: [T.i32], results: [T.i32], body: [0x20, 0, ...i32c(2), 0x6c] },
      { params: [T.i32], results: [T.i32], body: [0x20, 0, ...i32c(3), 0x6a] },
      { results: [T.i64], body: i64c(7n) },
    ];
    const call = (index: number) => [...i32c(5), ...i32c(index), 0x11, 0, 0];
    await same({ table: [0, 1, 2], funcs: [...funcs, { body: [...store32(0, call(0)), ...store32(4, call(1))] }] });
    assert.equal(
      (await same({ table: [0, 1, 2], funcs: [...funcs, { body: [...call(2), 0x1a] }] })).trap,
      'indirect call signature mismatch',
    );
    assert.equal((await same({ table: [0, 1, 2], funcs: [...funcs, { body: [...call(3), 0x1a] }] })).trap, 'undefined element');
  });

  test('unreachable traps; unbounded recursion exhausts the call stack and traps', async () => {
    assert.equal((await same({ funcs: [{ body: [...store32(0, i32c(1)), 0x00] }] })).trap, 'unreachable');
    const m = await same({ funcs: [{ body: [0x10, 0] }] });
    assert.equal(m.trap, 'call stack exhausted');
  });
});
