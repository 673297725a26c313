import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runMachine, runV8 } from '../testing/differential.ts';
import { buildModule, i32c, i64c, f64bits } from '../testing/wasmBuilder.ts';

const LOADS = [0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35];
/** The store that writes back what each i32/f32/f64 load produced (i64 loads use i64.store). */
const LOAD_RESULT_STORE = new Map([
  [0x28, 0x36],
  [0x29, 0x37],
  [0x2a, 0x38],
  [0x2b, 0x39],
  [0x2c, 0x36],
  [0x2d, 0x36],
  [0x2e, 0x36],
  [0x2f, 0x36],
]);
/** Unaligned, leaf-crossing (31, 60..63) and last-byte addresses of a one-page memory. */
const ADDRESSES = [0, 1, 3, 29, 30, 31, 33, 60, 61, 62, 63, 65_520, 65_528, 65_532, 65_535];

async function same(body: number[], memory = { min: 1 }) {
  const bytes = buildModule({ memory, funcs: [{ body }] });
  const expected = await runV8(bytes);
  const m = runMachine(bytes);
  if (expected.trap) {
    assert.equal(m.status, 'trapped', `V8 trapped (${expected.trap}), the machine did not`);
    return m;
  }
  assert.equal(m.status, 'exited', m.trap);
  assert.deepEqual(m.memory, expected.memory);
  return m;
}

describe('memory instructions', () => {
  test('every store width writes the bytes V8 writes at unaligned and leaf-crossing addresses', async () => {
    for (const address of ADDRESSES.slice(0, -4)) {
      await same([
        ...i32c(address),
        ...i64c(0x0102030405060708n),
        0x37,
        0x00,
        0x00,
        ...i32c(address + 9),
        ...i32c(-2),
        0x3a,
        0x00,
        0x00,
        ...i32c(address + 11),
        ...i32c(0x8182),
        0x3b,
        0x00,
        0x00,
        ...i32c(address + 13),
        ...i32c(0x11223344),
        0x36,
        0x00,
        0x00,
        ...i32c(address + 17),
        ...i64c(-3n),
        0x3c,
        0x00,
        0x00,
        ...i32c(address + 18),
        ...i64c(0x7777n),
        0x3d,
        0x00,
        0x00,
        ...i32c(address + 20),
        ...i64c(0x55667788n),
        0x3e,
        0x00,
        0x00,
        ...i32c(address + 24),
        ...f64bits(0x7ff4000000000001n),
        0x39,
        0x00,
        0x00,
      ]);
    }
  });

  test('every load width and sign extension reads what V8 reads, with the offset immediate', async () => {
    const body: number[] = [
      ...i32c(0),
      ...i64c(0x8899aabbccddeeffn),
      0x37,
      0x00,
      0x00,
      ...i32c(8),
      ...i64c(0x0123456789abcdefn),
      0x37,
      0x00,
      0x00,
    ];
    let out = 1024;
    for (const op of LOADS) {
      for (const at of [0, 1, 3, 5, 7]) {
        const store = LOAD_RESULT_STORE.get(op) ?? 0x37;
        body.push(...i32c(out), ...i32c(at), op, 0x00, 0x02, store, 0x00, 0x00);
        out += 8;
      }
    }
    await same(body);
  });

  test('an access past the end traps, including by one byte and through the offset', async () => {
    for (const address of ADDRESSES.slice(-4)) {
      const m = await same([...i32c(address), 0x29, 0x00, 0x00, 0x1a]);
      if (address > 65_528) assert.equal(m.trap, 'out of bounds memory access');
    }
    await same([...i32c(65_532), 0x28, 0x00, 0x04, 0x1a]);
    await same([...i32c(-1), 0x2d, 0x00, 0x00, 0x1a]);
    const m = await same([...i32c(65_535), ...i32c(7), 0x3b, 0x00, 0x00]);
    assert.equal(m.status, 'trapped');
  });

  test('memory.size and memory.grow up to the declared maximum, then -1', async () => {
    const body = [
      ...i32c(0),
      0x3f,
      0x00,
      0x36,
      0x00,
      0x00,
      ...i32c(4),
      ...i32c(1),
      0x40,
      0x00,
      0x36,
      0x00,
      0x00,
      ...i32c(8),
      ...i32c(5),
      0x40,
      0x00,
      0x36,
      0x00,
      0x00,
      ...i32c(12),
      ...i32c(1),
      0x40,
      0x00,
      0x36,
      0x00,
      0x00,
      ...i32c(16),
      0x3f,
      0x00,
      0x36,
      0x00,
      0x00,
      ...i32c(131_071),
      ...i32c(9),
      0x3a,
      0x00,
      0x00,
    ];
    const m = await same(body, { min: 1, max: 3 } as never);
    assert.equal(m.pages, 3);
    assert.equal(new DataView(m.memory.buffer).getInt32(8, true), -1);
  });

  test('memory.copy (overlapping both ways) and memory.fill, and their bounds traps', async () => {
    const fill = (d: number, v: number, n: number) => [...i32c(d), ...i32c(v), ...i32c(n), 0xfc, 11, 0x00];
    const copy = (d: number, s: number, n: number) => [...i32c(d), ...i32c(s), ...i32c(n), 0xfc, 10, 0x00, 0x00];
    await same([
      ...fill(10, 0x1ab, 40),
      ...fill(30, 7, 3),
      ...copy(20, 10, 30),
      ...copy(5, 15, 30),
      ...copy(0, 0, 0),
      ...fill(65_536, 1, 0),
    ]);
    await same(fill(65_530, 1, 7));
    await same(copy(0, 65_530, 7));
    await same(copy(65_530, 0, 7));
  });
});
