/**
 * Generates the sample datasets committed under examples/<app>/data/ from fixed
 * seeds, so anyone can check where they came from:
 *   node --import tsx examples/generateData.ts          (rewrites the files)
 *   node --import tsx examples/generateData.ts --check  (exit 1 if a file differs)
 * The generator (mulberry32 + Box-Muller) is independent of the apps' SplitMix64.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeWav } from './spectrum/wav.ts';

/** mulberry32: a small seeded uniform generator in [0, 1). */
export function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a mulberry32 stream. */
export function normal(seed: number): () => number {
  const next = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** 48 cities on a 100 x 100 map, one decimal: "x,y" with a header. */
export function cities(): string {
  const next = uniform(48);
  const rows = Array.from({ length: 48 }, () => `${(next() * 100).toFixed(1)},${(next() * 100).toFixed(1)}`);
  return `x,y\n${rows.join('\n')}\n`;
}

export const SECTORS = ['TECH', 'ENGY', 'BANK', 'PHRM'] as const;

/**
 * Daily returns of 24 assets over 250 days from a factor model: market factor
 * (beta 0.6-1.4) + a sector factor + idiosyncratic noise. Six assets per sector,
 * named after it (TECH1..TECH6, …), columns in shuffled order.
 */
export function returns(): string {
  const z = normal(2024);
  const pick = uniform(7);
  const days = 250;
  const assets = SECTORS.flatMap((sector, s) =>
    Array.from({ length: 6 }, (_, i) => ({ name: `${sector}${i + 1}`, sector: s, beta: 0.6 + 0.8 * pick() })),
  );
  for (let i = assets.length - 1; i > 0; i--) {
    const j = Math.floor(pick() * (i + 1));
    [assets[i], assets[j]] = [assets[j]!, assets[i]!];
  }
  const sectorVolatility = [0.011, 0.009, 0.008, 0.007];
  const lines = [`day,${assets.map((a) => a.name).join(',')}`];
  for (let day = 1; day <= days; day++) {
    const market = 0.0003 + 0.009 * z();
    const sector = sectorVolatility.map((v) => v * z());
    const row = assets.map((a) => (a.beta * market + sector[a.sector]! + 0.006 * z()).toFixed(6));
    lines.push(`${day},${row.join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

export const TRUE_WEIGHTS = [1.5, -2.0, 0.75, 0] as const;
export const TRUE_BIAS = 0.25;

/** 600 labelled examples of a logistic model with TRUE_WEIGHTS: "x1,x2,x3,x4,label". */
export function training(): string {
  const z = normal(11);
  const coin = uniform(12);
  const lines = ['x1,x2,x3,x4,label'];
  for (let i = 0; i < 600; i++) {
    const x = TRUE_WEIGHTS.map(() => Number(z().toFixed(4)));
    const logit = TRUE_BIAS + x.reduce((sum, v, j) => sum + v * TRUE_WEIGHTS[j]!, 0);
    const label = coin() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    lines.push(`${x.map((v) => v.toFixed(4)).join(',')},${label}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A 2-second melody at 8 kHz: four half-second chords over a 100 Hz hum and light noise. */
export const MELODY = [
  [440, 659.25],
  [523.25, 783.99],
  [659.25, 987.77],
  [880, 1760],
] as const;

export function melody(): Uint8Array {
  const sampleRate = 8000;
  const noise = uniform(440);
  const samples = new Int16Array(2 * sampleRate);
  for (let n = 0; n < samples.length; n++) {
    const [low, high] = MELODY[Math.floor(n / (sampleRate / 2))]!;
    const t = n / sampleRate;
    const value =
      0.5 * Math.sin(2 * Math.PI * low * t) +
      0.25 * Math.sin(2 * Math.PI * high * t) +
      0.1 * Math.sin(2 * Math.PI * 100 * t) +
      0.01 * (noise() - 0.5);
    samples[n] = Math.round(32767 * value * 0.9);
  }
  return encodeWav({ sampleRate, samples });
}

export const DATA_FILES: Record<string, () => string | Uint8Array> = {
  'tsp/data/cities.csv': cities,
  'kmeans/data/returns.csv': returns,
  'ml/data/train.csv': training,
  'spectrum/data/melody.wav': melody,
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let differs = false;
  for (const [path, make] of Object.entries(DATA_FILES)) {
    const file = fileURLToPath(new URL(path, import.meta.url));
    const made = make();
    const bytes = typeof made === 'string' ? new TextEncoder().encode(made) : made;
    if (check) {
      const same = Buffer.compare(readFileSync(file), bytes) === 0;
      differs ||= !same;
      console.log(`${path.padEnd(26)} ${same ? 'matches' : 'DIFFERS'}`);
    } else {
      writeFileSync(file, bytes);
      console.log(`${path.padEnd(26)} ${bytes.length} bytes`);
    }
  }
  if (differs) process.exit(1);
}
