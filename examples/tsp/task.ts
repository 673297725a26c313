/**
 * The tsp app as a bag: independent annealing restarts, one per task with its
 * own seed; `combine` keeps the shortest tour (ties to the lower task) and draws
 * it. The default input is data/cities.csv (48 cities on a 100 x 100 map).
 */
import { readFileSync } from 'node:fs';
import type { AppSpec } from '../lib/appSpec.ts';
import { taskSeed } from '../lib/seeds.ts';
import { stdoutJson, utf8, withDefaults } from '../lib/taskOutput.ts';
import { encodePng } from '../renderer/encodePng.ts';

export type TspParams = {
  /** CSV "x,y" per line (an optional header row); default data/cities.csv. */
  cities?: Uint8Array;
  /** Annealing runs, one task each. */
  restarts: number;
  /** 2-opt proposals per run. */
  iterations: number;
  seed: number;
};

/** What one task prints. */
export type TspSolution = { cities: number; iterations: number; initialLength: number; length: number; tour: number[] };

const DEFAULTS: TspParams = { restarts: 4, iterations: 100_000, seed: 7 };
const DEFAULT_CITIES = new URL('./data/cities.csv', import.meta.url);

const citiesCsv = (p: TspParams) => p.cities ?? new Uint8Array(readFileSync(DEFAULT_CITIES));

export const tsp: AppSpec<TspParams> = {
  name: 'tsp',
  description: 'Travelling salesman by simulated annealing over 2-opt moves; one seeded restart per task, the shortest tour wins',
  wasmPath: new URL('./build/tsp.wasm', import.meta.url).pathname,
  category: 'XS',
  limits: { memoryMb: 16, timeoutMs: 10_000, maxOutputBytes: 1 << 16 },
  defaultParams: DEFAULTS,

  buildTasks(partial) {
    const p = withDefaults(DEFAULTS, partial);
    if (!Number.isInteger(p.restarts) || p.restarts < 1) throw new RangeError('restarts must be a positive integer');
    if (!Number.isInteger(p.iterations) || p.iterations < 0) throw new RangeError('iterations must be a non-negative integer');
    const files = { 'cities.csv': citiesCsv(p) };
    return Array.from({ length: p.restarts }, (_, i) => ({ args: [taskSeed(p.seed, i), String(p.iterations)], files }));
  },

  combine(results, partial) {
    const p = withDefaults(DEFAULTS, partial);
    const solutions = results.map((r, i) => stdoutJson<TspSolution>(r, i));
    if (solutions.length === 0) throw new Error('no restarts to combine');
    let best = 0;
    solutions.forEach((s, i) => {
      if (s.length < solutions[best]!.length) best = i;
    });
    const winner = solutions[best]!;
    const points = parseCities(new TextDecoder().decode(citiesCsv(p)));
    const lengths = solutions.map((s) => s.length.toFixed(2)).join(', ');
    return {
      summary:
        `best tour through ${winner.cities} cities: length ${winner.length.toFixed(2)} (restart ${best}; ` +
        `restarts ${lengths}; the cities in file order ${winner.initialLength.toFixed(2)})`,
      files: {
        'tour.json': utf8(`${JSON.stringify({ ...winner, restart: best, lengths: solutions.map((s) => s.length) }, null, 2)}\n`),
        'tour.png': drawTour(points, winner.tour),
      },
    };
  },
};

/** The "x,y" rows of a cities file (a non-numeric first row is a header). */
export function parseCities(csv: string): [number, number][] {
  const rows = csv
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(',').map(Number) as [number, number]);
  return rows.length > 0 && !Number.isFinite(rows[0]![0]) ? rows.slice(1) : rows;
}

/** A 400 x 400 picture of the closed tour: blue edges, red cities, the start city green. */
export function drawTour(points: [number, number][], tour: number[], size = 400): Uint8Array {
  const rgb = new Uint8Array(size * size * 3).fill(255);
  const xs = points.map((q) => q[0]);
  const ys = points.map((q) => q[1]);
  const [minX, minY] = [Math.min(...xs), Math.min(...ys)];
  const span = Math.max(Math.max(...xs) - minX, Math.max(...ys) - minY) || 1;
  const margin = 12;
  const toPixel = ([x, y]: [number, number]): [number, number] => [
    Math.round(margin + ((x - minX) / span) * (size - 2 * margin)),
    Math.round(size - 1 - margin - ((y - minY) / span) * (size - 2 * margin)),
  ];
  const put = (x: number, y: number, colour: number[]) => {
    if (x >= 0 && y >= 0 && x < size && y < size) rgb.set(colour, (y * size + x) * 3);
  };
  for (let i = 0; i < tour.length; i++) {
    const [x0, y0] = toPixel(points[tour[i]!]!);
    const [x1, y1] = toPixel(points[tour[(i + 1) % tour.length]!]!);
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let s = 0; s <= steps; s++) put(Math.round(x0 + ((x1 - x0) * s) / steps), Math.round(y0 + ((y1 - y0) * s) / steps), [40, 90, 200]);
  }
  tour.forEach((city, i) => {
    const [cx, cy] = toPixel(points[city]!);
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) put(cx + dx, cy + dy, i === 0 ? [30, 160, 60] : [210, 50, 40]);
  });
  return encodePng(size, size, rgb);
}
