import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { decodePng } from '../lib/decodePng.ts';
import { matchExpected } from '../lib/expected.ts';
import { loadApp } from '../lib/loadApp.ts';
import { runBag } from '../lib/runBag.ts';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../lib/sandbox.ts';
import { assemblePng, planTiles } from './assemble.ts';
import { renderer } from './task.ts';

const limits = { memoryMb: 32, timeoutMs: 60_000, maxOutputBytes: 4 << 20 };
const WIDTH = 96;
const HEIGHT = 72;
const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8'));

describe('renderer', () => {
  let pool: SandboxPool;
  let module: Uint8Array;
  const render = (args: number[]) => pool.run({ module, args: args.map(String), seed: 'render', limits });
  before(() => {
    module = loadApp('renderer');
    pool = createSandboxPool({ size: 2 });
  });
  after(() => pool.close());

  test('four tiles assemble into exactly the single-tile render of the frame', async () => {
    const tiles = planTiles(WIDTH, HEIGHT, 2, 2);
    const [full, ...parts] = await Promise.all([
      render([WIDTH, HEIGHT, 0, 0, WIDTH, HEIGHT, 2]),
      ...tiles.map((t) => render([WIDTH, HEIGHT, t.x, t.y, t.width, t.height, 2])),
    ]);
    const png = assemblePng(
      WIDTH,
      HEIGHT,
      tiles.map((t, i) => ({ ...t, rgb: parts[i]!.files['tile.rgb']! })),
    );
    const decoded = decodePng(png);
    assert.deepEqual(decoded.chunks, ['IHDR', 'IDAT', 'IEND']);
    assert.deepEqual([decoded.width, decoded.height], [WIDTH, HEIGHT]);
    assert.deepEqual(decoded.rgb, full!.files['tile.rgb']);
  });

  test('rays that miss everything show the sky gradient computed independently in JS', async () => {
    const { files } = await render([WIDTH, HEIGHT, 0, 0, WIDTH, 1]);
    const row = files['tile.rgb']!;
    for (let x = 0; x < WIDTH; x++) {
      const sky = skyPixel(x, 0);
      for (let c = 0; c < 3; c++) assert.ok(Math.abs(row[x * 3 + c]! - sky[c]!) <= 1, `pixel ${x} channel ${c}`);
    }
  });

  test('renders the reference frame to the committed digest on every machine', async () => {
    const result = await render(expected.args);
    const stdout = new TextDecoder().decode(result.stdout).trim();
    matchExpected(new URL('./expected.json', import.meta.url), { args: expected.args, stdout, digest: computeResultDigest(result) });
  });

  test('the default bag renders 4 tiles that combine into a 320x240 frame.png a viewer can open', async () => {
    const bag = await runBag(renderer, undefined, pool, module);
    assert.equal(bag.tasks.length, 4);
    const frame = decodePng(bag.result.files['frame.png']!);
    assert.deepEqual([frame.width, frame.height], [320, 240]);
    const colours = new Set<number>();
    for (let i = 0; i < frame.rgb.length; i += 3) colours.add((frame.rgb[i]! << 16) | (frame.rgb[i + 1]! << 8) | frame.rgb[i + 2]!);
    assert.ok(colours.size > 1000, `a real picture has many colours, got ${colours.size}`);
    assert.match(bag.result.summary, /320x240 frame from 4 tiles/);
  });

  test('error: a tile outside the frame exits with code 2 and writes nothing', async () => {
    const result = await render([WIDTH, HEIGHT, WIDTH - 4, 0, 8, 8]);
    assert.equal(result.exitCode, 2);
    assert.deepEqual(result.files, {});
    assert.match(new TextDecoder().decode(result.stderr), /tile inside the frame/);
  });
});

/** The camera and sky of assembly/scene.ts, redone in JS for one pixel (centre sample). */
function skyPixel(x: number, y: number): number[] {
  const sub = (a: number[], b: number[]) => a.map((v, i) => v - b[i]!);
  const scale = (a: number[], s: number) => a.map((v) => v * s);
  const normalize = (a: number[]) => scale(a, 1 / Math.hypot(...a));
  const cross = (a: number[], b: number[]) => [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
  const forward = normalize(sub([0, 0.5, 0], [0, 1, -4]));
  const right = normalize(cross([0, 1, 0], forward));
  const up = cross(forward, right);
  const halfHeight = Math.tan((55 * Math.PI) / 360);
  const halfWidth = (halfHeight * WIDTH) / HEIGHT;
  const u = ((2 * (x + 0.5)) / WIDTH - 1) * halfWidth;
  const v = (1 - (2 * (y + 0.5)) / HEIGHT) * halfHeight;
  const direction = normalize(forward.map((f, i) => f + right[i]! * u + up[i]! * v));
  const t = 0.5 * (direction[1]! + 1);
  return [1 - 0.45 * t, 1 - 0.3 * t, 1].map((c) => Math.floor(Math.min(1, Math.max(0, c)) * 255 + 0.5));
}
