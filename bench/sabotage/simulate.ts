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
import { type SimParams, type SimResult, simulateSeeds } from './model.ts';
import { type Panel, chartSvg } from './svg.ts';

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

export const FS = [0.05, 0.1, 0.2, 0.3, 0.4];
export const TRUSTS = [2, 3, 5, 10, 100];
const SLEEPER = 30;
const FARMED = 60;
const Q = 0.1;

type Scenario = { id: string; title: string; note: string; params: Partial<SimParams> };
const SCENARIOS: Scenario[] = [
  {
    id: 'colluding',
    title: 'A. Colluding saboteurs (one shared wrong value), s = 1, no spot-check',
    note: 'The baseline: every saboteur always returns the same wrong value.',
    params: {},
  },
  {
    id: 'independent',
    title: 'B. Non-colluding saboteurs (each its own wrong value), s = 1',
    note: 'Wrong values never agree, so only a lone saboteur heavy enough to meet T by itself can win.',
    params: { colluding: false },
  },
  {
    id: 'spot-blacklist',
    title: `C. Colluding, spot-check q = ${Q} with blacklisting`,
    note: `Each accepted task is re-executed by the trusted checker with probability ${Q} (contract \`overturn\` in the rollback window). A wrong chosen value is overturned (refunded, counted under "overturned", not as an error) and its group is blacklisted; on a correct checked task the dissenters are blacklisted.`,
    params: { q: Q, blacklist: true },
  },
  {
    id: 'spot',
    title: `D. Colluding, spot-check q = ${Q} without blacklisting`,
    note: "As C, but a caught saboteur only loses its score (the contract's overturn) and keeps receiving work.",
    params: { q: Q, blacklist: false },
  },
  {
    id: 'sleeper',
    title: `E. Reputation farming, sleeper: colluding saboteurs honest on their first ${SLEEPER} tasks, then always wrong`,
    note: `${SLEEPER} accurate replicated tasks give score ≥ 24, the weight cap 8.`,
    params: { sleeper: SLEEPER },
  },
  {
    id: 'sleeper-spot',
    title: `F. Sleeper (${SLEEPER} tasks) with spot-check q = ${Q} and blacklisting`,
    note: 'E and C combined.',
    params: { sleeper: SLEEPER, q: Q, blacklist: true },
  },
  {
    id: 'farmed',
    title: `G. Pre-farmed: colluding saboteurs arrive with score ${FARMED} (self-dealt replicated deals), Proofgrid rule`,
    note: `Score ${FARMED} is weight 8 (the cap) here.`,
    params: { farmedScore: FARMED },
  },
  {
    id: 'farmed-poco',
    title: `H. Pre-farmed score ${FARMED}, iExec PoCo rule (weight max(s/3,3)−1 uncapped, wrong → score×2/3), same 20-contributor cap`,
    note: `Score ${FARMED} is weight 19 under PoCo. For comparison only: this is not the contract's rule.`,
    params: { farmedScore: FARMED, rule: 'poco' },
  },
  {
    id: 'poco',
    title: 'I. Colluding, fresh start, iExec PoCo rule (comparison)',
    note: "As A with PoCo's weight and penalty.",
    params: { rule: 'poco' },
  },
];

const sci = (x: number) => (x === 0 ? '0' : x.toExponential(1).replace('e-', 'e-').replace('e+0', ''));
const rate = (r: SimResult) => r.wrong / r.tasks;
const cost = (r: SimResult) => r.contributions / r.tasks;

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

// Checklist of research/reliability.md §7 C (the scenarios it defines; P&L and the monitor are not modelled).
type Check = {
  id: string;
  scenario: string;
  params: Omit<SimParams, 'seed'>;
  seeds: number;
  criterion: string;
  pass: (r: SimResult) => boolean;
};
const per1000 = (r: SimResult, n: number) => (1000 * n) / r.tasks;
const CHECKS: Check[] = [
  {
    id: 'C1',
    scenario: 'f = 0.3 colluding, s = 0.5, trust 1,000',
    params: { workers: 200, f: 0.3, s: 0.5, trust: 1000, tasks: 1000 },
    seeds: 10,
    criterion: 'wrong ≤ 4 / 1,000; contributions/task ≤ 8',
    pass: (r) => per1000(r, r.wrong) <= 4 && cost(r) <= 8,
  },
  {
    id: 'C2',
    scenario: 'as C1 with s = 1',
    params: { workers: 200, f: 0.3, s: 1, trust: 1000, tasks: 1000 },
    seeds: 10,
    criterion: 'wrong ≤ 4 / 1,000; failed ≤ 1%',
    pass: (r) => per1000(r, r.wrong) <= 4 && r.failed / r.tasks <= 0.01,
  },
  {
    id: 'C3',
    scenario: 'f = 0.45 colluding, s = 1, trust 100',
    params: { workers: 200, f: 0.45, s: 1, trust: 100, tasks: 1000 },
    seeds: 10,
    criterion: 'wrong ≤ 18 / 1,000 (no disagreement monitor exists)',
    pass: (r) => per1000(r, r.wrong) <= 18,
  },
  {
    id: 'C4a',
    scenario: 'f = 0.1 colluders pre-farmed to score 60, trust 1,000',
    params: { workers: 200, f: 0.1, trust: 1000, tasks: 1000, farmedScore: 60 },
    seeds: 10,
    criterion: 'wrong ≤ 4 / 1,000',
    pass: (r) => per1000(r, r.wrong) <= 4,
  },
  {
    id: 'C4b',
    scenario: 'f = 0.3 colluders pre-farmed to score 60, trust 1,000',
    params: { workers: 200, f: 0.3, trust: 1000, tasks: 1000, farmedScore: 60 },
    seeds: 10,
    criterion: 'wrong ≤ 4 / 1,000',
    pass: (r) => per1000(r, r.wrong) <= 4,
  },
  {
    id: 'C4b-poco',
    scenario: 'C4b under the PoCo rule (reference)',
    params: { workers: 200, f: 0.3, trust: 1000, tasks: 1000, farmedScore: 60, rule: 'poco' },
    seeds: 10,
    criterion: '(PoCo measured 4,555 / 5,000 in research)',
    pass: (r) => per1000(r, r.wrong) <= 4,
  },
  {
    id: 'C5',
    scenario: 'f = 0.3 sleepers honest for their first 100 tasks then always wrong, trust 1,000, 10,000 tasks (~260 per worker)',
    params: { workers: 200, f: 0.3, trust: 1000, tasks: 10000, sleeper: 100 },
    seeds: 3,
    criterion: 'wrong ≤ 4 / 1,000 (P&L part not modelled)',
    pass: (r) => per1000(r, r.wrong) <= 4,
  },
  {
    id: 'C7',
    scenario: 'f = 0.2 colluding, s = 0.5, spot-check q = 0.1 + blacklist, trust 10,000, 10,000 tasks',
    params: { workers: 200, f: 0.2, s: 0.5, trust: 10000, tasks: 10000, q: 0.1, blacklist: true },
    seeds: 3,
    criterion: 'wrong ≤ 4 / 10,000; work/task (contributions + checks) ≤ 3.5',
    pass: (r) => (10000 * r.wrong) / r.tasks <= 4 && (r.contributions + r.checks) / r.tasks <= 3.5,
  },
];
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
