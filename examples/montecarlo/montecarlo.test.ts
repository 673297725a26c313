import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { matchExpected } from '../lib/expected.ts';
import { loadApp } from '../lib/loadApp.ts';
import { runBag } from '../lib/runBag.ts';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../lib/sandbox.ts';
import { blackScholes } from './blackScholes.ts';
import { montecarlo, type PooledEstimate } from './task.ts';

const limits = { memoryMb: 16, timeoutMs: 60_000, maxOutputBytes: 1 << 16 };
const market = { spot: 100, strike: 100, rate: 0.05, volatility: 0.2, maturity: 1 };
type Estimate = { option: string; estimate: number; stderr: number; ci95: [number, number]; samples: number };

describe('montecarlo', () => {
  let pool: SandboxPool;
  let module: Uint8Array;
  const price = async (args: (string | number)[]) => {
    const result = await pool.run({ module, args: args.map(String), seed: 'task', limits });
    assert.equal(result.exitCode, 0, new TextDecoder().decode(result.stderr));
    return {
      estimate: JSON.parse(new TextDecoder().decode(result.stdout)) as Estimate,
      stdout: result.stdout,
      digest: computeResultDigest(result),
    };
  };
  const marketArgs = (m: typeof market) => [m.spot, m.strike, m.rate, m.volatility, m.maturity];
  before(() => {
    module = loadApp('montecarlo');
    pool = createSandboxPool({ size: 2 });
  });
  after(() => pool.close());

  test('the 95% interval of a call contains the closed-form Black-Scholes price', async () => {
    const { estimate } = await price([...marketArgs(market), 1_000_000, 7, 'call']);
    const exact = blackScholes({ ...market, option: 'call' });
    assert.equal(estimate.samples, 1_000_000);
    assert.ok(estimate.ci95[0] <= exact && exact <= estimate.ci95[1], `${exact} not in ${estimate.ci95}`);
    assert.ok(Math.abs(estimate.ci95[1] - estimate.estimate - 1.96 * estimate.stderr) < 1e-3 * estimate.stderr);
  });

  test('an out-of-the-money put on other terms lands within 4 standard errors of the closed form for five seeds', async () => {
    const terms = { spot: 95, strike: 110, rate: 0.03, volatility: 0.35, maturity: 0.5 };
    const exact = blackScholes({ ...terms, option: 'put' });
    const runs = await Promise.all([1, 2, 3, 4, 5].map((seed) => price([...marketArgs(terms), 200_000, seed, 'put'])));
    for (const { estimate } of runs)
      assert.ok(Math.abs(estimate.estimate - exact) < 4 * estimate.stderr, `${estimate.estimate} vs ${exact}`);
  });

  test('the same seed prints the same bytes and another seed another estimate', async () => {
    const args = [...marketArgs(market), 50_000];
    const [a, b, c] = await Promise.all([price([...args, 11]), price([...args, 11]), price([...args, 12])]);
    assert.deepEqual(a.stdout, b.stdout);
    assert.notEqual(a.estimate.estimate, c.estimate.estimate);
  });

  test('prices the reference contract to the committed bytes and digest on every machine', async () => {
    const args = [...marketArgs(market), 100_000, 2024, 'call'].map(String);
    const { stdout, digest } = await price(args);
    matchExpected(new URL('./expected.json', import.meta.url), { args, stdout: new TextDecoder().decode(stdout).trim(), digest });
  });

  test("the default bag pools 8 tasks into one estimate whose CI holds the closed form and is narrower than one task's", async () => {
    const bag = await runBag(montecarlo, undefined, pool, module);
    assert.equal(bag.tasks.length, 8);
    assert.equal(new Set(bag.tasks.map((t) => t.args[6])).size, 8, 'every task has its own seed');
    const pooled: PooledEstimate = JSON.parse(new TextDecoder().decode(bag.result.files['estimate.json']));
    assert.equal(pooled.paths, 2_000_000);
    const exact = blackScholes({ ...market, option: 'call' });
    assert.ok(pooled.ci95[0] <= exact && exact <= pooled.ci95[1], `${exact} not in ${pooled.ci95}`);
    const one: Estimate = JSON.parse(new TextDecoder().decode(bag.results[0]!.stdout));
    assert.ok(Math.abs((pooled.stderr * Math.sqrt(8)) / one.stderr - 1) < 0.05, 'pooling 8 equal tasks divides the error by about sqrt(8)');
    assert.match(bag.result.summary, /inside the CI/);
  });

  test('error: missing arguments exit with code 2 and a usage line', async () => {
    const result = await pool.run({ module, args: ['100'], seed: 'task', limits });
    assert.equal(result.exitCode, 2);
    assert.match(new TextDecoder().decode(result.stderr), /usage: montecarlo/);
  });
});
