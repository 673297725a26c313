/**
 * The montecarlo app as a bag: the paths are split over `tasks` tasks, each with its
 * own seed derived from the bag's seed; `combine` pools the per-task sums into one
 * estimate with its 95% confidence interval. Browser-safe.
 */
import type { AppSpec, TaskOutput } from '../lib/appSpec.ts';
import { taskSeed } from '../lib/seeds.ts';
import { stdoutJson, utf8, withDefaults } from '../lib/taskOutput.ts';
import { blackScholes } from './blackScholes.ts';

export type MonteCarloParams = {
  spot: number;
  strike: number;
  rate: number;
  volatility: number;
  /** Years to expiry. */
  maturity: number;
  option: 'call' | 'put';
  /** Simulated paths over the whole bag. */
  paths: number;
  /** Tasks in the bag; the paths are shared out as evenly as possible. */
  tasks: number;
  seed: number;
};

/** What one task prints (one JSON line). */
export type MonteCarloTaskResult = {
  option: 'call' | 'put';
  estimate: number;
  stderr: number;
  ci95: [number, number];
  samples: number;
  sum: number;
  sumSquares: number;
};

/** The pooled estimate, written by `combine` to estimate.json. */
export type PooledEstimate = {
  option: 'call' | 'put';
  estimate: number;
  stderr: number;
  ci95: [number, number];
  paths: number;
  tasks: number;
  blackScholes: number;
};

const Z95 = 1.959963984540054;
const DEFAULTS: MonteCarloParams = {
  spot: 100,
  strike: 100,
  rate: 0.05,
  volatility: 0.2,
  maturity: 1,
  option: 'call',
  paths: 2_000_000,
  tasks: 8,
  seed: 42,
};

export const montecarlo: AppSpec<MonteCarloParams> = {
  name: 'montecarlo',
  description: 'Prices a European option by Monte Carlo under Black-Scholes dynamics; pooled estimate with a 95% CI',
  wasmPath: new URL('./build/montecarlo.wasm', import.meta.url).pathname,
  category: 'XS',
  limits: { memoryMb: 16, timeoutMs: 10_000, maxOutputBytes: 4096 },
  defaultParams: DEFAULTS,

  buildTasks(partial) {
    const p = withDefaults(DEFAULTS, partial);
    if (!Number.isInteger(p.tasks) || p.tasks < 1 || !Number.isInteger(p.paths) || p.paths < 2 * p.tasks) {
      throw new RangeError('tasks must be a positive integer and paths >= 2 * tasks');
    }
    return Array.from({ length: p.tasks }, (_, i) => {
      const samples = Math.floor(p.paths / p.tasks) + (i < p.paths % p.tasks ? 1 : 0);
      const market = [p.spot, p.strike, p.rate, p.volatility, p.maturity].map(String);
      return { args: [...market, String(samples), taskSeed(p.seed, i), p.option] };
    });
  },

  combine(results, partial) {
    const p = withDefaults(DEFAULTS, partial);
    const pooled = poolEstimates(results.map((r: TaskOutput, i: number) => stdoutJson<MonteCarloTaskResult>(r, i)));
    const exact = blackScholes(p);
    const estimate: PooledEstimate = { ...pooled, blackScholes: exact };
    const [lo, hi] = pooled.ci95;
    const summary =
      `${p.option} price ${pooled.estimate.toFixed(4)} ± ${(Z95 * pooled.stderr).toFixed(4)} ` +
      `(95% CI [${lo.toFixed(4)}, ${hi.toFixed(4)}]) from ${pooled.paths.toLocaleString('en-US')} paths in ${pooled.tasks} tasks; ` +
      `Black-Scholes closed form ${exact.toFixed(4)}${lo <= exact && exact <= hi ? ' (inside the CI)' : ' (outside the CI)'}`;
    return { summary, files: { 'estimate.json': utf8(`${JSON.stringify(estimate, null, 2)}\n`) } };
  },
};

/**
 * Pools per-task sums into one estimate: mean = Σsum / N, sample variance from
 * Σsum and ΣsumSquares, standard error sqrt(var / N), CI = mean ± 1.96 SE.
 */
export function poolEstimates(tasks: MonteCarloTaskResult[]): Omit<PooledEstimate, 'blackScholes'> {
  if (tasks.length === 0) throw new RangeError('no task results to pool');
  const option = tasks[0]!.option;
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const [i, t] of tasks.entries()) {
    if (t.option !== option) throw new Error(`task ${i} priced a ${t.option}, task 0 a ${option}`);
    if (![t.samples, t.sum, t.sumSquares].every(Number.isFinite)) throw new Error(`task ${i} result lacks samples/sum/sumSquares`);
    n += t.samples;
    sum += t.sum;
    sumSquares += t.sumSquares;
  }
  const mean = sum / n;
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  const stderr = Math.sqrt(variance / n);
  return { option, estimate: mean, stderr, ci95: [mean - Z95 * stderr, mean + Z95 * stderr], paths: n, tasks: tasks.length };
}
