/**
 * The renderer as a bag: the frame is cut into columns x rows tiles, one task
 * each; `combine` puts the tiles back in place and encodes frame.png. Browser-safe.
 */
import type { AppSpec } from '../lib/appSpec.ts';
import { outputFile, stdoutJson, withDefaults } from '../lib/taskOutput.ts';
import { assemblePng, planTiles } from './assemble.ts';

export type RendererParams = {
  width: number;
  height: number;
  /** Tiles across and down: the bag has columns * rows tasks. */
  columns: number;
  rows: number;
  /** Anti-aliasing: samples x samples rays per pixel (1-16). */
  samples: number;
};

/** What one tile task prints. */
export type TileReport = { width: number; height: number; tile: [number, number, number, number]; samples: number };

const DEFAULTS: RendererParams = { width: 320, height: 240, columns: 2, rows: 2, samples: 1 };

export const renderer: AppSpec<RendererParams> = {
  name: 'renderer',
  description: 'Ray-traces a fixed scene (spheres, checkered floor, shadows, reflections); one tile per task, reassembled to PNG',
  wasmPath: new URL('./build/renderer.wasm', import.meta.url).pathname,
  category: 'XS',
  limits: { memoryMb: 32, timeoutMs: 10_000, maxOutputBytes: 4 << 20 },
  defaultParams: DEFAULTS,

  buildTasks(partial) {
    const p = withDefaults(DEFAULTS, partial);
    const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
    if (!whole(p.width, 1, 8192) || !whole(p.height, 1, 8192) || !whole(p.samples, 1, 16)) {
      throw new RangeError('width and height must be integers in 1..8192, samples in 1..16');
    }
    if (!whole(p.columns, 1, p.width) || !whole(p.rows, 1, p.height))
      throw new RangeError('columns and rows must be integers in 1..width/height');
    return planTiles(p.width, p.height, p.columns, p.rows).map((t) => ({
      args: [p.width, p.height, t.x, t.y, t.width, t.height, p.samples].map(String),
    }));
  },

  combine(results, partial) {
    const p = withDefaults(DEFAULTS, partial);
    const tiles = planTiles(p.width, p.height, p.columns, p.rows);
    if (results.length !== tiles.length) throw new Error(`expected ${tiles.length} tiles, got ${results.length}`);
    const rendered = tiles.map((t, i) => {
      const report = stdoutJson<TileReport>(results[i]!, i);
      if (report.tile.join() !== [t.x, t.y, t.width, t.height].join())
        throw new Error(`task ${i} rendered tile ${report.tile}, expected ${[t.x, t.y, t.width, t.height]}`);
      return { ...t, rgb: outputFile(results[i]!, i, 'tile.rgb') };
    });
    const png = assemblePng(p.width, p.height, rendered);
    return {
      summary: `${p.width}x${p.height} frame from ${tiles.length} tiles (${p.columns}x${p.rows}), ${p.samples * p.samples} ray(s) per pixel: frame.png, ${(png.length / 1024).toFixed(0)} KiB`,
      files: { 'frame.png': png },
    };
  },
};
