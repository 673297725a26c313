import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { decodePng } from '../lib/decodePng.ts';
import { matchExpected } from '../lib/expected.ts';
import { loadApp } from '../lib/loadApp.ts';
import { runBag } from '../lib/runBag.ts';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../lib/sandbox.ts';
import { parseCities, tsp } from './task.ts';

const limits = { memoryMb: 16, timeoutMs: 60_000, maxOutputBytes: 1 << 16 };
type Point = [number, number];
type Solution = { cities: number; iterations: number; initialLength: number; length: number; tour: number[] };

describe('tsp', () => {
  let pool: SandboxPool;
  let module: Uint8Array;
  const solve = async (points: Point[], seed: number, iterations: number, header = 'x,y\n') => {
    const csv = header + points.map(([x, y]) => `${x},${y}`).join('\n');
    const result = await pool.run({
      module,
      args: [String(seed), String(iterations)],
      files: { 'cities.csv': new TextEncoder().encode(csv) },
      seed: 'task',
      limits,
    });
    assert.equal(result.exitCode, 0, new TextDecoder().decode(result.stderr));
    return {
      solution: JSON.parse(new TextDecoder().decode(result.stdout)) as Solution,
      stdout: result.stdout,
      digest: computeResultDigest(result),
    };
  };
  before(() => {
    module = loadApp('tsp');
    pool = createSandboxPool({ size: 2 });
  });
  after(() => pool.close());

  test('finds the brute-force optimum of 8 random cities and reports a valid tour with its true length', async () => {
    const points = randomPoints(8, 2024);
    const { solution } = await solve(points, 1, 20_000);
    assert.deepEqual(
      [...solution.tour].sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(solution.tour[0], 0);
    assert.ok(Math.abs(solution.length - tourLength(points, solution.tour)) < 1e-9);
    assert.ok(Math.abs(solution.length - bruteForceOptimum(points)) < 1e-9, `${solution.length} vs ${bruteForceOptimum(points)}`);
  });

  test('tours 60 shuffled points of a circle within 0.1% of the polygon perimeter', async () => {
    const n = 60;
    const order = shuffle(
      Array.from({ length: n }, (_, i) => i),
      99,
    );
    const points = order.map((k): Point => [100 * Math.cos((2 * Math.PI * k) / n), 100 * Math.sin((2 * Math.PI * k) / n)]);
    const { solution } = await solve(points, 5, 300_000, '');
    const perimeter = 2 * n * 100 * Math.sin(Math.PI / n);
    assert.ok(solution.length <= perimeter * 1.001, `${solution.length} vs ${perimeter}`);
  });

  test('the same seed gives the same bytes', async () => {
    const points = randomPoints(30, 7);
    const [a, b] = await Promise.all([solve(points, 3, 50_000), solve(points, 3, 50_000)]);
    assert.deepEqual(a.stdout, b.stdout);
  });

  test('solves the committed 48-city map to the committed tour and digest on every machine', async () => {
    const points = parseCities(readFileSync(new URL('./data/cities.csv', import.meta.url), 'utf8'));
    const { solution, digest } = await solve(points, 2024, 50_000);
    matchExpected(new URL('./expected.json', import.meta.url), {
      input: 'data/cities.csv',
      args: ['2024', '50000'],
      length: solution.length,
      tour: solution.tour,
      digest,
    });
  });

  test('the default bag keeps the shortest of 4 restarts: a permutation far shorter than the starting tour, drawn to tour.png', async () => {
    const points = parseCities(readFileSync(new URL('./data/cities.csv', import.meta.url), 'utf8'));
    const bag = await runBag(tsp, undefined, pool, module);
    assert.equal(bag.tasks.length, 4);
    const solutions = bag.results.map((r) => JSON.parse(new TextDecoder().decode(r.stdout)) as Solution);
    const best: Solution & { restart: number } = JSON.parse(new TextDecoder().decode(bag.result.files['tour.json']));
    assert.equal(best.length, Math.min(...solutions.map((s) => s.length)));
    assert.deepEqual(
      [...best.tour].sort((a, b) => a - b),
      points.map((_, i) => i),
    );
    assert.ok(Math.abs(best.length - tourLength(points, best.tour)) < 1e-9);
    assert.ok(
      Math.abs(
        best.initialLength -
          tourLength(
            points,
            points.map((_, i) => i),
          ),
      ) < 1e-9,
    );
    assert.ok(best.length < best.initialLength / 3, `${best.length} vs initial ${best.initialLength}`);
    assert.deepEqual([decodePng(bag.result.files['tour.png']!).width, decodePng(bag.result.files['tour.png']!).height], [400, 400]);
  });

  test('error: a non-numeric coordinate exits with code 2 naming the row', async () => {
    const result = await pool.run({
      module,
      args: ['1', '10'],
      files: { 'cities.csv': new TextEncoder().encode('1,2\n3,oops\n') },
      seed: 'task',
      limits,
    });
    assert.equal(result.exitCode, 2);
    assert.match(new TextDecoder().decode(result.stderr), /row 2 column 2/);
  });
});

function tourLength(points: Point[], tour: number[]): number {
  let total = 0;
  for (let i = 0; i < tour.length; i++) {
    const [ax, ay] = points[tour[i]!]!;
    const [bx, by] = points[tour[(i + 1) % tour.length]!]!;
    total += Math.sqrt((ax - bx) ** 2 + (ay - by) ** 2);
  }
  return total;
}

function bruteForceOptimum(points: Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  const permute = (prefix: number[], rest: number[]): void => {
    if (rest.length === 0) best = Math.min(best, tourLength(points, prefix));
    rest.forEach((city, i) => {
      permute([...prefix, city], [...rest.slice(0, i), ...rest.slice(i + 1)]);
    });
  };
  permute(
    [0],
    Array.from({ length: points.length - 1 }, (_, i) => i + 1),
  );
  return best;
}

/** mulberry32: a test-data generator independent of the app's SplitMix64. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPoints(count: number, seed: number): Point[] {
  const next = generator(seed);
  return Array.from({ length: count }, (): Point => [Math.round(next() * 1000) / 10, Math.round(next() * 1000) / 10]);
}

function shuffle<T>(items: T[], seed: number): T[] {
  const next = generator(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
