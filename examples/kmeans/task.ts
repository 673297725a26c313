/**
 * The kmeans app (portfolio clustering, the eFast use case) as a bag: independent
 * k-means++ restarts, one per task with its own seed; `combine` keeps the lowest
 * inertia (ties to the lower task) and draws the assets' correlation matrix
 * ordered by cluster. The default input is data/returns.csv (24 assets, 250 days).
 */
import { readFileSync } from 'node:fs';
import type { AppSpec } from '../lib/appSpec.ts';
import { taskSeed } from '../lib/seeds.ts';
import { outputFile, stdoutJson, utf8, withDefaults } from '../lib/taskOutput.ts';
import { encodePng } from '../renderer/encodePng.ts';

export type KmeansParams = {
  /** CSV: header "day,NAME1,NAME2,…", then one row per day (a label, then each asset's return). Default data/returns.csv. */
  dataset?: Uint8Array;
  /** Clusters. */
  k: number;
  /** k-means++ restarts, one task each. */
  restarts: number;
  maxIterations: number;
  seed: number;
};

/** What one task prints. */
export type Clustering = {
  k: number;
  assets: number;
  days: number;
  iterations: number;
  inertia: number;
  labels: number[];
  clusters: string[][];
};

const DEFAULTS: KmeansParams = { k: 4, restarts: 4, maxIterations: 100, seed: 1 };
const DEFAULT_DATASET = new URL('./data/returns.csv', import.meta.url);
const dataset = (p: KmeansParams) => p.dataset ?? new Uint8Array(readFileSync(DEFAULT_DATASET));

export const kmeans: AppSpec<KmeansParams> = {
  name: 'kmeans',
  description:
    'Portfolio clustering: k-means (k-means++ seeding) of assets by their standardised return series; one restart per task, lowest inertia wins',
  wasmPath: new URL('./build/kmeans.wasm', import.meta.url).pathname,
  category: 'XS',
  limits: { memoryMb: 32, timeoutMs: 10_000, maxOutputBytes: 1 << 18 },
  defaultParams: DEFAULTS,

  buildTasks(partial) {
    const p = withDefaults(DEFAULTS, partial);
    if (!Number.isInteger(p.k) || p.k < 1) throw new RangeError('k must be a positive integer');
    if (!Number.isInteger(p.restarts) || p.restarts < 1) throw new RangeError('restarts must be a positive integer');
    if (!Number.isInteger(p.maxIterations) || p.maxIterations < 1) throw new RangeError('maxIterations must be a positive integer');
    const files = { 'returns.csv': dataset(p) };
    return Array.from({ length: p.restarts }, (_, i) => ({ args: [String(p.k), taskSeed(p.seed, i), String(p.maxIterations)], files }));
  },

  combine(results, partial) {
    const p = withDefaults(DEFAULTS, partial);
    const runs = results.map((r, i) => stdoutJson<Clustering>(r, i));
    if (runs.length === 0) throw new Error('no restarts to combine');
    let best = 0;
    runs.forEach((run, i) => {
      if (run.inertia < runs[best]!.inertia) best = i;
    });
    const winner = runs[best]!;
    const { names, series } = parseReturns(new TextDecoder().decode(dataset(p)));
    const order = names.map((_, i) => i).sort((a, b) => winner.labels[a]! - winner.labels[b]! || a - b);
    const lines = winner.clusters.map((members, c) => `  cluster ${c} (${members.length}): ${members.join(' ')}`);
    return {
      summary:
        `${winner.assets} assets over ${winner.days} days in ${winner.k} clusters, inertia ${winner.inertia.toFixed(2)} ` +
        `(best of ${runs.length} restarts: ${runs.map((r) => r.inertia.toFixed(1)).join(', ')}):\n${lines.join('\n')}`,
      files: {
        'clusters.json': utf8(`${JSON.stringify({ ...winner, restart: best, inertias: runs.map((r) => r.inertia) }, null, 2)}\n`),
        'assignment.csv': outputFile(results[best]!, best, 'assignment.csv'),
        'correlation.png': drawCorrelation(series, order, winner.labels),
      },
    };
  },
};

/** Asset names and return series (series[a][t]) of a returns CSV. */
export function parseReturns(csv: string): { names: string[]; series: number[][] } {
  const rows = csv
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(','));
  const names = rows[0]!.slice(1);
  return { names, series: names.map((_, a) => rows.slice(1).map((row) => Number(row[a + 1]))) };
}

/** Pearson correlation of two equal-length series. */
export function correlation(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let t = 0; t < x.length; t++) {
    sxy += (x[t]! - mx) * (y[t]! - my);
    sxx += (x[t]! - mx) ** 2;
    syy += (y[t]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** The correlation matrix as a heat map (blue -1, white 0, red +1), assets in `order`, cluster borders in black. */
function drawCorrelation(series: number[][], order: number[], labels: number[], cell = 12): Uint8Array {
  const n = order.length;
  const size = n * cell;
  const rgb = new Uint8Array(size * size * 3);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const r = correlation(series[order[i]!]!, series[order[j]!]!);
      const colour =
        r >= 0 ? [255, Math.round(255 * (1 - r)), Math.round(255 * (1 - r))] : [Math.round(255 * (1 + r)), Math.round(255 * (1 + r)), 255];
      for (let y = 0; y < cell; y++) for (let x = 0; x < cell; x++) rgb.set(colour, ((i * cell + y) * size + j * cell + x) * 3);
    }
  }
  for (let i = 1; i < n; i++) {
    if (labels[order[i]!] === labels[order[i - 1]!]) continue;
    for (let t = 0; t < size; t++) {
      rgb.set([0, 0, 0], (i * cell * size + t) * 3);
      rgb.set([0, 0, 0], (t * size + i * cell) * 3);
    }
  }
  return encodePng(size, size, rgb);
}
