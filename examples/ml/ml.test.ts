import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { TRUE_WEIGHTS } from '../generateData.ts';
import { matchExpected } from '../lib/expected.ts';
import { loadApp } from '../lib/loadApp.ts';
import { runBag } from '../lib/runBag.ts';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../lib/sandbox.ts';
import { type EpochReport, evaluate, ml, parseTraining } from './task.ts';

const limits = { memoryMb: 32, timeoutMs: 60_000, maxOutputBytes: 1 << 16 };
const TRAIN = readFileSync(new URL('./data/train.csv', import.meta.url));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('ml', () => {
  let pool: SandboxPool;
  let module: Uint8Array;
  const train = async (args: string[], files: Record<string, Uint8Array> = { 'train.csv': TRAIN }) => {
    const result = await pool.run({ module, args, files, seed: 'task', limits });
    assert.equal(result.exitCode, 0, new TextDecoder().decode(result.stderr));
    return { report: JSON.parse(new TextDecoder().decode(result.stdout)) as EpochReport, result };
  };
  before(() => {
    module = loadApp('ml');
    pool = createSandboxPool({ size: 2 });
  });
  after(() => pool.close());

  test('one epoch matches an independent JS implementation of the same shuffled SGD, and lowers the loss', async () => {
    const { report } = await train(['0.1', '17']);
    const data = parseTraining(TRAIN.toString());
    const reference = referenceEpoch(data.x, data.y, 0.1, 17n);
    [...report.weights, report.bias].forEach((w, j) => {
      assert.ok(Math.abs(w - reference[j]!) < 1e-9, `parameter ${j}: ${w} vs ${reference[j]}`);
    });
    assert.ok(Math.abs(report.lossBefore - Math.LN2) < 1e-12);
    assert.ok(Math.abs(report.lossAfter - evaluate(reference, data.x, data.y).loss) < 1e-9);
    assert.ok(report.lossAfter < report.lossBefore - 0.2, `${report.lossBefore} -> ${report.lossAfter}`);
  });

  test("model.csv round-trips exactly: a second epoch starts from the first one's final loss and goes lower", async () => {
    const first = await train(['0.05', '1']);
    const second = await train(['0.05', '2'], { 'train.csv': TRAIN, 'model.csv': first.result.files['model.csv']! });
    assert.equal(second.report.lossBefore, first.report.lossAfter);
    assert.ok(second.report.lossAfter < first.report.lossAfter);
  });

  test('the default bag averages 4 shard models into one that beats the start and points at the true weights', async () => {
    const bag = await runBag(ml, undefined, pool, module);
    assert.equal(bag.tasks.length, 4);
    const report = JSON.parse(new TextDecoder().decode(bag.result.files['training.json'])) as EpochReport & { shards: EpochReport[] };
    assert.equal(report.examples, 600);
    for (const shard of report.shards) assert.ok(shard.lossAfter < shard.lossBefore);
    assert.ok(report.lossAfter < report.lossBefore - 0.2);
    assert.ok(report.accuracy > 0.75);
    const cosine =
      dot(report.weights, [...TRUE_WEIGHTS]) / Math.sqrt(dot(report.weights, report.weights) * dot([...TRUE_WEIGHTS], [...TRUE_WEIGHTS]));
    assert.ok(cosine > 0.95, `cosine with the true weights ${cosine}`);
    const model = new TextDecoder().decode(bag.result.files['model.csv']).trim().split(',').map(Number);
    assert.deepEqual(model, [...report.weights, report.bias]);
  });

  test('trains on the sample dataset to the committed model and digest on every machine', async () => {
    const { report, result } = await train(['0.1', '2024']);
    matchExpected(new URL('./expected.json', import.meta.url), {
      input: 'data/train.csv',
      args: ['0.1', '2024'],
      model: new TextDecoder().decode(result.files['model.csv']).trim(),
      lossAfter: report.lossAfter,
      digest: computeResultDigest(result),
    });
  });

  test('error: a label other than 0 or 1, or a model of the wrong size, exits with code 2', async () => {
    const bad = await pool.run({ module, args: ['0.1', '1'], files: { 'train.csv': utf8('a,b,y\n1,2,1\n3,4,2\n') }, seed: 'task', limits });
    assert.equal(bad.exitCode, 2);
    assert.match(new TextDecoder().decode(bad.stderr), /row 3: the label must be 0 or 1/);
    const wrong = await pool.run({
      module,
      args: ['0.1', '1'],
      files: { 'train.csv': TRAIN, 'model.csv': utf8('1,2\n') },
      seed: 'task',
      limits,
    });
    assert.equal(wrong.exitCode, 2);
    assert.match(new TextDecoder().decode(wrong.stderr), /model.csv must be one row of 5 numbers/);
  });
});

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** The app's epoch redone in JS: SplitMix64 Fisher-Yates order, then plain SGD from zeros. */
function referenceEpoch(x: number[][], y: number[], rate: number, seed: bigint): number[] {
  const mask = (1n << 64n) - 1n;
  let state = seed;
  const next = () => {
    state = (state + 0x9e3779b97f4a7c15n) & mask;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
    return z ^ (z >> 31n);
  };
  const order = x.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Number(next() % BigInt(i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const model = new Array<number>(x[0]!.length + 1).fill(0);
  for (const i of order) {
    const z = x[i]!.reduce((sum, v, j) => sum + v * model[j]!, model.at(-1)!);
    const gradient = 1 / (1 + Math.exp(-z)) - y[i]!;
    x[i]!.forEach((v, j) => {
      model[j]! -= rate * gradient * v;
    });
    model[model.length - 1]! -= rate * gradient;
  }
  return model;
}
