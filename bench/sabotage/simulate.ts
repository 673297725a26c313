// Sabotage simulation over the contract's consensus rule (issue 8, part C).
//   node --import tsx bench/sabotage/simulate.ts                 default run (< 1 min on 2 cores)
//   node --import tsx bench/sabotage/simulate.ts --tasks 100000 --seeds 10   bigger run
// Options: --tasks N (tasks per seed, default 20000), --seeds K (default 5, seeds 1..K),
//          --workers W (default 200), --out FILE (default bench/results/sabotage.md), --no-svg.
// Writes bench/results/sabotage.md, docs/reliability-error-rate.svg and docs/reliability-cost.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineLine } from '../lib/machine.ts';
import { type SimResult, simulateSeeds } from './model.ts';
import { CHECKS, FARMED, FS, Q, SCENARIOS, SLEEPER, TRUSTS, cost, per1000, rate } from './scenarios.ts';
import { type Panel, chartSvg } from './svg.ts';
import { verifierSection } from './verifier.ts';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '20000' },
    seeds: { type: 'string', default: '5' },
    workers: { type: 'string', default: '200' },
    long: { type: 'string', default: '200000' },
    out: { type: 'string' },
    'no-svg': { type: 'boolean', default: false },
  },
});
const TASKS = Number(args.tasks);
const SEEDS = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
const WORKERS = Number(args.workers);
const OUT = args.out ?? fileURLToPath(new URL('../results/sabotage.md', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));

const sci = (x: number) => (x === 0 ? '0' : x.toExponential(1).replace('e-', 'e-').replace('e+0', ''));

const t0 = performance.now();
const results = new Map<string, SimResult>();
const keyOf = (id: string, f: number, T: number) => `${id}|${f}|${T}`;
for (const s of SCENARIOS) {
  for (const f of FS) {
    for (const T of TRUSTS) {
      results.set(keyOf(s.id, f, T), simulateSeeds({ workers: WORKERS, f, trust: T, tasks: TASKS, ...s.params }, SEEDS));
    }
  }
  console.error(`sabotage: ${s.id} done (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

// Long runs: reputation makes the error rate drift with time (a worker that meets T alone is never
// replicated again, so its score never changes again). Error rate in ranges of task indices.
const LONG = Number(args.long);
const RANGES = (
  [
    [0, 1_000],
    [1_000, 10_000],
    [10_000, 100_000],
    [100_000, LONG],
  ] as [number, number][]
).filter(([a, b]) => b <= LONG && a < b);
const LONG_CASES: { workers: number; f: number; trust: number; sleeper?: number }[] = [
  ...[3, 5, 10, 100].flatMap((trust) => [0.1, 0.3].map((f) => ({ workers: WORKERS, f, trust }))),
  { workers: 6, f: 0.3, trust: 3 },
  { workers: 6, f: 0.3, trust: 10 },
];
const longRows = LONG_CASES.map((c) => {
  const r = simulateSeeds({ ...c, tasks: LONG, window: 1000 }, [1]);
  return { c, r };
});
const checkRows = CHECKS.map((c) => {
  const r = simulateSeeds(
    c.params,
    Array.from({ length: c.seeds }, (_, i) => i + 1),
  );
  return { c, r };
});
const verifierLines = verifierSection({ workers: WORKERS, tasks: TASKS, seeds: SEEDS });
const elapsed = (performance.now() - t0) / 1000;

// ---- report ----
const zeroBound = (n: number) => `0 (<${sci(3 / n)})`;
/** The rule promises Cr > 1 − 1/T: a cell is bold when wrong / accepted >= 1/T. */
const broken = (r: SimResult, T: number) => r.wrong * T >= r.tasks - r.failed - r.overturned;
const cell = (r: SimResult, T: number) => {
  const e = r.wrong === 0 ? zeroBound(r.tasks) : broken(r, T) ? `**${sci(rate(r))}**` : sci(rate(r));
  const extra: string[] = [];
  if (r.failed > 0) extra.push(`fail ${sci(r.failed / r.tasks)}`);
  if (r.overturned > 0) extra.push(`ovt ${sci(r.overturned / r.tasks)}`);
  return `${e} · ${cost(r).toFixed(2)}${extra.length ? ` · ${extra.join(', ')}` : ''}`;
};
const lines: string[] = [
  '## Sabotage simulation (`node --import tsx bench/sabotage/simulate.ts`)',
  '',
  `Machine: ${machineLine()}. ${WORKERS} workers, round(f·${WORKERS}) saboteurs, ${TASKS.toLocaleString('en-US')} single-task batches × ${SEEDS.length} seeds (${(TASKS * SEEDS.length).toLocaleString('en-US')} tasks per cell), run time ${elapsed.toFixed(1)} s. Consensus: a port of \`Consensus.sol\` + \`Batches._tally\` (bigint, MAX_CONTRIBUTORS = 20), checked against the contract by \`bench/sabotage/consensus.test.ts\` and \`bench/sabotage/onchain.ts\`. Model and caveats: docs/reliability.md.`,
  '',
  'Cell: **error rate** (accepted wrong values / tasks; "0 (<x)" gives the 95% upper bound 3/N) · **contributions per task** (every contribution of every task, failed ones included; spot-checks are extra) · `fail` = no consensus within 20 contributions (refunded by claim) · `ovt` = wrong value overturned by a spot-check (refunded). Fresh workers (score 0) unless stated. **Bold**: the rule’s promise Cr > 1 − 1/T is broken, i.e. wrong / accepted ≥ 1/T.',
  '',
];
for (const s of SCENARIOS) {
  lines.push(`### ${s.title}`, '', s.note, '', `| f \\ trust | ${TRUSTS.join(' | ')} |`, `|---|${TRUSTS.map(() => '---').join('|')}|`);
  for (const f of FS) lines.push(`| ${f} | ${TRUSTS.map((T) => cell(results.get(keyOf(s.id, f, T)) as SimResult, T)).join(' | ')} |`);
  lines.push('');
}
lines.push(
  ...verifierLines,
  `### Drift: error rate by task range in one long run (${LONG.toLocaleString('en-US')} tasks, seed 1, colluding, s = 1)`,
  '',
  'A worker meets T alone iff w > T − 1 (weight 3, score 4, at T = 3; weight 5, score 12, at T = 5; weight 8, score 24, at T = 8; impossible for T ≥ 9). Such a worker decides the tasks it is drawn first for unreplicated, and an unreplicated batch never changes a score (Payouts: `replicated = winners + losers > 1`). A saboteur that gets there (at T = 3: four replicated wins without a loss in between) is never tested again, so at T = 3 the error rate drifts up toward f. At T = 5 the twelve wins needed did not happen in these runs; at T ≥ 9 every task stays replicated.',
  '',
  `| workers | f | trust | ${RANGES.map(([a, b]) => `tasks ${a.toLocaleString('en-US')}–${b.toLocaleString('en-US')}`).join(' | ')} | contributions/task (whole run) |`,
  `|---:|---:|---:|${RANGES.map(() => '---:').join('|')}|---:|`,
  ...longRows.map(({ c, r }) => {
    const byRange = RANGES.map(([a, b]) => {
      const w = (r.wrongByWindow ?? []).slice(a / 1000, b / 1000).reduce((x, y) => x + y, 0);
      return w === 0 ? zeroBound(b - a) : sci(w / (b - a));
    });
    return `| ${c.workers} | ${c.f} | ${c.trust} | ${byRange.join(' | ')} | ${cost(r).toFixed(2)} |`;
  }),
  '',
  '### Checklist: research/reliability.md §7 C',
  '',
  '| # | scenario | tasks | wrong | per 1,000 | failed | contributions/task | work/task incl. checks | criterion | met? |',
  '|---|---|---:|---:|---:|---:|---:|---:|---|:--:|',
  ...checkRows.map(
    ({ c, r }) =>
      `| ${c.id} | ${c.scenario} | ${r.tasks.toLocaleString('en-US')} | ${r.wrong} | ${per1000(r, r.wrong).toFixed(2)} | ${r.failed} | ${cost(r).toFixed(2)} | ${((r.contributions + r.checks) / r.tasks).toFixed(2)} | ${c.criterion} | ${c.pass(r) ? 'yes' : '**no**'} |`,
  ),
  '',
);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${lines.join('\n')}\n`);

// ---- charts ----
if (!args['no-svg']) {
  const COLORS: Record<number, string> = { 2: '#d62728', 3: '#ff7f0e', 5: '#2ca02c', 10: '#1f77b4', 100: '#9467bd' };
  const total = TASKS * SEEDS.length;
  const minExp = -Math.ceil(Math.log10(total));
  const panel = (id: string, title: string): Panel => ({
    title,
    xLabel: 'saboteur fraction f',
    yLabel: 'error rate (log)',
    xTicks: FS,
    log: { minExp, maxExp: 0, floorLabel: '0' },
    series: TRUSTS.map((T) => ({
      label: `trust ${T}`,
      color: COLORS[T] as string,
      points: FS.map((f) => ({ x: f, y: rate(results.get(keyOf(id, f, T)) as SimResult) })),
    })),
  });
  writeFileSync(
    `${DOCS}reliability-error-rate.svg`,
    chartSvg(
      [
        panel('colluding', 'A. colluding, no spot-check'),
        panel('spot-blacklist', `C. + spot-check q=${Q}, blacklist`),
        panel('sleeper', `E. sleepers (honest ${SLEEPER} tasks)`),
        panel('farmed', `G. pre-farmed score ${FARMED}`),
      ],
      {
        title: 'Proofgrid consensus: accepted wrong values vs saboteur fraction (simulation of the contract rule)',
        note: `${WORKERS} workers, ${total.toLocaleString('en-US')} tasks per point, colluding saboteurs (s = 1). Open markers on the floor: no wrong value accepted (95% bound < ${sci(3 / total)}). bench/sabotage/simulate.ts`,
        panelWidth: 300,
      },
    ),
  );
  const costPanel = (id: string, title: string): Panel => ({
    title,
    xLabel: 'saboteur fraction f',
    yLabel: 'contributions per task',
    xTicks: FS,
    yMax: 20,
    series: TRUSTS.map((T) => ({
      label: `trust ${T}`,
      color: COLORS[T] as string,
      points: FS.map((f) => ({ x: f, y: cost(results.get(keyOf(id, f, T)) as SimResult) })),
    })),
  });
  writeFileSync(
    `${DOCS}reliability-cost.svg`,
    chartSvg(
      [
        costPanel('colluding', 'A. colluding'),
        costPanel('independent', 'B. non-colluding'),
        costPanel('sleeper', `E. sleepers (${SLEEPER} tasks)`),
      ],
      {
        title: 'Cost: contributions per task vs saboteur fraction',
        note: `${WORKERS} workers, ${total.toLocaleString('en-US')} tasks per point; failed tasks (20 contributions) included. bench/sabotage/simulate.ts`,
        panelWidth: 300,
      },
    ),
  );
}
console.log(lines.join('\n'));
console.error(`sabotage: ${elapsed.toFixed(1)} s, wrote ${OUT}`);
