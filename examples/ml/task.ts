/**
 * The ml app as a bag: data-parallel training. The examples are dealt round-robin
 * into `shards`, one task each; every task runs one epoch of SGD from the same
 * starting model, and `combine` averages the shard models weighted by their sizes
 * (one-shot parameter averaging) and scores the average on the whole dataset.
 * The default input is data/train.csv (600 examples, 4 features).
 */
import { readFileSync } from 'node:fs';
import type { AppSpec } from '../lib/appSpec.ts';
import { taskSeed } from '../lib/seeds.ts';
import { stdoutJson, utf8, withDefaults } from '../lib/taskOutput.ts';

export type MlParams = {
  /** CSV: a header row, then the features and a 0/1 label per row. Default data/train.csv. */
  dataset?: Uint8Array;
  /** Shards, one task each. */
  shards: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Starting model [w1, …, wd, b] (default zeros), e.g. the previous round's average. */
  model?: number[];
};

/** What one task prints. */
export type EpochReport = {
  examples: number;
  features: number;
  learningRate: number;
  l2: number;
  lossBefore: number;
  lossAfter: number;
  accuracy: number;
  weights: number[];
  bias: number;
};

const DEFAULTS: MlParams = { shards: 4, learningRate: 0.1, l2: 0, seed: 3 };
const DEFAULT_DATASET = new URL('./data/train.csv', import.meta.url);

/** The header and example rows of a training CSV. */
export function parseTraining(csv: string): { header: string; rows: string[]; x: number[][]; y: number[] } {
  const lines = csv
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const rows = lines.slice(1);
  const parsed = rows.map((r) => r.split(',').map(Number));
  return { header: lines[0] ?? '', rows, x: parsed.map((v) => v.slice(0, -1)), y: parsed.map((v) => v.at(-1)!) };
}

/** Mean log-loss and accuracy of the model [w…, b] on (x, y). */
export function evaluate(model: number[], x: number[][], y: number[]): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  x.forEach((features, i) => {
    const z = features.reduce((sum, v, j) => sum + v * model[j]!, model.at(-1)!);
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i]! * z;
    if ((z > 0 ? 1 : 0) === y[i]) correct++;
  });
  return { loss: loss / x.length, accuracy: correct / x.length };
}

const training = (p: MlParams) => parseTraining(new TextDecoder().decode(p.dataset ?? readFileSync(DEFAULT_DATASET)));

export const ml: AppSpec<MlParams> = {
  name: 'ml',
  description: 'Logistic regression: one epoch of SGD per data shard, shard models averaged; outputs the weights and the loss',
  wasmPath: new URL('./build/ml.wasm', import.meta.url).pathname,
  category: 'XS',
  limits: { memoryMb: 32, timeoutMs: 10_000, maxOutputBytes: 1 << 16 },
  defaultParams: DEFAULTS,

  buildTasks(partial) {
    const p = withDefaults(DEFAULTS, partial);
    const data = training(p);
    if (!Number.isInteger(p.shards) || p.shards < 1 || p.shards > data.rows.length)
      throw new RangeError('shards must be an integer between 1 and the number of examples');
    if (!(p.learningRate > 0) || !(p.l2 >= 0)) throw new RangeError('learningRate must be > 0 and l2 >= 0');
    const features = data.header.split(',').length - 1;
    if (p.model && p.model.length !== features + 1) throw new RangeError(`model must hold ${features} weights and a bias`);
    return Array.from({ length: p.shards }, (_, s) => {
      const shard = data.rows.filter((_, i) => i % p.shards === s);
      const files: Record<string, Uint8Array> = { 'train.csv': utf8(`${data.header}\n${shard.join('\n')}\n`) };
      if (p.model) files['model.csv'] = utf8(`${p.model.join(',')}\n`);
      return { args: [String(p.learningRate), taskSeed(p.seed, s), String(p.l2)], files };
    });
  },

  combine(results, partial) {
    const p = withDefaults(DEFAULTS, partial);
    const reports = results.map((r, i) => stdoutJson<EpochReport>(r, i));
    if (reports.length === 0) throw new Error('no shards to combine');
    const total = reports.reduce((n, r) => n + r.examples, 0);
    const size = reports[0]!.features + 1;
    const average = new Array<number>(size).fill(0);
    for (const [i, r] of reports.entries()) {
      if (r.weights.length + 1 !== size) throw new Error(`task ${i} trained ${r.weights.length} weights, task 0 ${size - 1}`);
      [...r.weights, r.bias].forEach((v, j) => {
        average[j]! += (v * r.examples) / total;
      });
    }
    const data = training(p);
    const start = evaluate(p.model ?? new Array<number>(size).fill(0), data.x, data.y);
    const after = evaluate(average, data.x, data.y);
    const summary =
      `${reports.length} shard(s), ${total} examples, one SGD epoch each (learning rate ${p.learningRate}): ` +
      `loss on the whole dataset ${start.loss.toFixed(4)} -> ${after.loss.toFixed(4)}, accuracy ${(100 * after.accuracy).toFixed(1)}%; ` +
      `averaged weights [${average
        .slice(0, -1)
        .map((w) => w.toFixed(3))
        .join(', ')}], bias ${average.at(-1)!.toFixed(3)}`;
    const report = {
      examples: total,
      lossBefore: start.loss,
      lossAfter: after.loss,
      accuracy: after.accuracy,
      weights: average.slice(0, -1),
      bias: average.at(-1),
      shards: reports,
    };
    return {
      summary,
      files: { 'model.csv': utf8(`${average.join(',')}\n`), 'training.json': utf8(`${JSON.stringify(report, null, 2)}\n`) },
    };
  },
};
