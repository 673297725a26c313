// The scenarios the sabotage simulation runs (simulate.ts) and the checklist of
// research/reliability.md §7 C it is held to.
import type { SimParams, SimResult } from './model.ts';

export const rate = (r: SimResult) => r.wrong / r.tasks;
export const cost = (r: SimResult) => r.contributions / r.tasks;

export const FS = [0.05, 0.1, 0.2, 0.3, 0.4];
export const TRUSTS = [2, 3, 5, 10, 100];
export const SLEEPER = 30;
export const FARMED = 60;
export const Q = 0.1;

export type Scenario = { id: string; title: string; note: string; params: Partial<SimParams> };
export const SCENARIOS: Scenario[] = [
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

// Checklist of research/reliability.md §7 C (the scenarios it defines; P&L and the monitor are not modelled).
export type Check = {
  id: string;
  scenario: string;
  params: Omit<SimParams, 'seed'>;
  seeds: number;
  criterion: string;
  pass: (r: SimResult) => boolean;
};
export const per1000 = (r: SimResult, n: number) => (1000 * n) / r.tasks;
export const CHECKS: Check[] = [
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
