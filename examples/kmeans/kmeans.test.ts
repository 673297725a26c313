import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { decodePng } from '../lib/decodePng.ts';
import { matchExpected } from '../lib/expected.ts';
import { loadApp } from '../lib/loadApp.ts';
import { runBag } from '../lib/runBag.ts';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../lib/sandbox.ts';
import { type Clustering, kmeans, parseReturns } from './task.ts';

const limits = { memoryMb: 32, timeoutMs: 60_000, maxOutputBytes: 1 << 18 };
const RETURNS = readFileSync(new URL('./data/returns.csv', import.meta.url));
const sectorOf = (name: string) => name.replace(/\d+$/, '');

describe('kmeans', () => {
  let pool: SandboxPool;
  let module: Uint8Array;
  const cluster = async (args: string[], csv: Uint8Array = RETURNS) => {
    const result = await pool.run({ module, args, files: { 'returns.csv': csv }, seed: 'task', limits });
    assert.equal(result.exitCode, 0, new TextDecoder().decode(result.stderr));
    return { clustering: JSON.parse(new TextDecoder().decode(result.stdout)) as Clustering, result };
  };
  before(() => {
    module = loadApp('kmeans');
    pool = createSandboxPool({ size: 2 });
  });
  after(() => pool.close());

  test('the default bag recovers the four sectors of the sample dataset exactly', async () => {
    const bag = await runBag(kmeans, undefined, pool, module);
    assert.equal(bag.tasks.length, 4);
    const best: Clustering = JSON.parse(new TextDecoder().decode(bag.result.files['clusters.json']));
    assert.equal(best.clusters.length, 4);
    for (const members of best.clusters) {
      assert.equal(members.length, 6);
      assert.equal(new Set(members.map(sectorOf)).size, 1, `a cluster mixes sectors: ${members}`);
    }
    const csv = new TextDecoder().decode(bag.result.files['assignment.csv']);
    assert.equal(csv.trim().split('\n').length, 25);
    const png = decodePng(bag.result.files['correlation.png']!);
    assert.deepEqual([png.width, png.height], [24 * 12, 24 * 12]);
  });

  test('the best partition is stable: other seeds, and the assets in reverse column order, give the same clusters', async () => {
    const bags = await Promise.all([1, 99].map((seed) => runBag(kmeans, { seed, restarts: 6 }, pool, module)));
    const partition = (c: Clustering) => c.clusters.map((m) => [...m].sort().join(' ')).sort();
    const [a, b] = bags.map((bag) => JSON.parse(new TextDecoder().decode(bag.result.files['clusters.json'])) as Clustering);
    assert.deepEqual(partition(a!), partition(b!));
    const reversed = reverseColumns(new TextDecoder().decode(RETURNS));
    const again = await runBag(kmeans, { dataset: new TextEncoder().encode(reversed), restarts: 6 }, pool, module);
    const reversedBest: Clustering = JSON.parse(new TextDecoder().decode(again.result.files['clusters.json']));
    assert.deepEqual(partition(reversedBest), partition(a!));
    assert.ok(Math.abs(reversedBest.inertia - a!.inertia) < 1e-9 * a!.inertia, 'the same partition has the same inertia');
  });

  test('clusters the sample dataset to the committed labels and digest on every machine', async () => {
    const { clustering, result } = await cluster(['4', '2024']);
    matchExpected(new URL('./expected.json', import.meta.url), {
      input: 'data/returns.csv',
      args: ['4', '2024'],
      inertia: clustering.inertia,
      labels: clustering.labels.join(''),
      digest: computeResultDigest(result),
    });
  });

  test('with k equal to the number of assets every asset is alone and the inertia is 0', async () => {
    const { clustering } = await cluster(['24', '3']);
    assert.equal(clustering.inertia, 0);
    assert.deepEqual(
      clustering.labels,
      Array.from({ length: 24 }, (_, i) => i),
    );
    assert.equal(parseReturns(new TextDecoder().decode(RETURNS)).names.length, 24);
  });

  test('error: k larger than the asset count, or a constant series, exits with code 2', async () => {
    const tooMany = await pool.run({ module, args: ['25', '1'], files: { 'returns.csv': RETURNS }, seed: 'task', limits });
    assert.equal(tooMany.exitCode, 2);
    assert.match(new TextDecoder().decode(tooMany.stderr), /k must be between 1 and the number of assets \(24\)/);
    const flat = await pool.run({
      module,
      args: ['1', '1'],
      files: { 'returns.csv': new TextEncoder().encode('day,A,B\n1,0.1,0.2\n2,0.1,0.3\n') },
      seed: 'task',
      limits,
    });
    assert.equal(flat.exitCode, 2);
    assert.match(new TextDecoder().decode(flat.stderr), /asset A has constant returns/);
  });
});

function reverseColumns(csv: string): string {
  return csv
    .trim()
    .split('\n')
    .map((line) => {
      const [label, ...values] = line.split(',');
      return [label, ...values.reverse()].join(',');
    })
    .join('\n');
}
