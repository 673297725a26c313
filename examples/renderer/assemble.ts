/**
 * Host-side half of the renderer: split a frame into tiles (one task each) and
 * put the rendered tiles back together into one PNG. Browser-safe (no Node APIs).
 */
import { encodePng } from './encodePng.ts';

/** A tile's place in the frame, in pixels. */
export type TileRect = { x: number; y: number; width: number; height: number };
/** A rendered tile: its rectangle and the contents of the app's /out/tile.rgb. */
export type RenderedTile = TileRect & { rgb: Uint8Array };

/**
 * Splits a `width x height` frame into `columns x rows` tiles covering it exactly
 * (the last column and row take the remainder).
 * @example
 * planTiles(640, 480, 2, 2) // [{ x: 0, y: 0, width: 320, height: 240 }, ...]
 */
export function planTiles(width: number, height: number, columns: number, rows: number): TileRect[] {
  const tiles: TileRect[] = [];
  const tileW = Math.floor(width / columns);
  const tileH = Math.floor(height / rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const x = column * tileW;
      const y = row * tileH;
      tiles.push({ x, y, width: column === columns - 1 ? width - x : tileW, height: row === rows - 1 ? height - y : tileH });
    }
  }
  return tiles;
}

/**
 * Copies tiles into one RGB frame. Every pixel must be covered exactly once.
 * @example
 * const rgb = assembleTiles(640, 480, tiles)
 */
export function assembleTiles(width: number, height: number, tiles: RenderedTile[]): Uint8Array {
  const frame = new Uint8Array(width * height * 3);
  const covered = new Uint8Array(width * height);
  for (const tile of tiles) {
    if (tile.x < 0 || tile.y < 0 || tile.x + tile.width > width || tile.y + tile.height > height) {
      throw new RangeError(`tile at ${tile.x},${tile.y} (${tile.width}x${tile.height}) lies outside the ${width}x${height} frame`);
    }
    if (tile.rgb.length !== tile.width * tile.height * 3) throw new RangeError(`tile at ${tile.x},${tile.y} has ${tile.rgb.length} bytes`);
    for (let row = 0; row < tile.height; row++) {
      const target = (tile.y + row) * width + tile.x;
      frame.set(tile.rgb.subarray(row * tile.width * 3, (row + 1) * tile.width * 3), target * 3);
      for (let i = 0; i < tile.width; i++) covered[target + i]! += 1;
    }
  }
  const gap = covered.findIndex((count) => count !== 1);
  if (gap >= 0) throw new RangeError(`pixel ${gap % width},${Math.floor(gap / width)} is covered ${covered[gap]} times`);
  return frame;
}

/**
 * Assembles the tiles and encodes the frame as a PNG file.
 * @example
 * import { assemblePng, planTiles } from './assemble.ts'
 * const png = assemblePng(640, 480, renderedTiles)
 * await writeFile('frame.png', png)
 */
export function assemblePng(width: number, height: number, tiles: RenderedTile[]): Uint8Array {
  return encodePng(width, height, assembleTiles(width, height, tiles));
}
