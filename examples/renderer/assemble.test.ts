import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assembleTiles, planTiles } from './assemble.ts';

describe('assemble', () => {
  test('planTiles covers an uneven frame exactly, the last row and column taking the remainder', () => {
    const tiles = planTiles(10, 7, 3, 2);
    assert.equal(tiles.length, 6);
    assert.deepEqual(tiles.at(-1), { x: 6, y: 3, width: 4, height: 4 });
    assert.equal(
      tiles.reduce((n, t) => n + t.width * t.height, 0),
      70,
    );
  });

  test('assembleTiles puts each tile row at its place in the frame', () => {
    const tiles = planTiles(4, 2, 2, 1).map((t, i) => ({ ...t, rgb: new Uint8Array(t.width * t.height * 3).fill(i + 1) }));
    const frame = assembleTiles(4, 2, tiles);
    assert.deepEqual([...frame.subarray(0, 12)], [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
  });

  test('error: a missing tile, an overlapping tile or a tile outside the frame is a RangeError', () => {
    const tile = (x: number) => ({ x, y: 0, width: 2, height: 1, rgb: new Uint8Array(6) });
    assert.throws(() => assembleTiles(4, 1, [tile(0)]), /covered 0 times/);
    assert.throws(() => assembleTiles(4, 1, [tile(0), tile(1), tile(2)]), /covered 2 times/);
    assert.throws(() => assembleTiles(4, 1, [tile(3)]), /outside/);
  });
});
