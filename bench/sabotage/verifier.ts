// Issue 16: wrong results accepted when an independent verifier (proofgrid-verifier) checks a fraction q of the
// results and wins a dispute game against every wrong one it checks, against the cost in extra executions.
// The same agent model as the other tables (model.ts); what changes is who the scheduler draws from (an honest one
// draws from the whole pool, a colluding one only from the saboteurs) and the verification mode (replicated at a
// trust level, or optimistic: one answer per task, the model's trust 1).
import { type SimParams, type SimResult, simulateSeeds } from './model.ts';

export const VERIFIER_FS = [0.2, 0.4, 0.9];
export const VERIFIER_QS = [0, 0.01, 0.1, 0.5, 1];

type Case = { id: string; title: string; params: Omit<SimParams, 'seed' | 'workers' | 'f' | 'tasks'> };
export const VERIFIER_CASES: Case[] = [
  { id: 'opt-honest', title: 'optimistic (one answer), honest scheduler', params: { trust: 1 } },
  { id: 'opt-colluding', title: 'optimistic, colluding scheduler', params: { trust: 1, colludingScheduler: true } },
  { id: 'rep10-farmed', title: 'replicated, trust 10, saboteurs pre-farmed (score 60)', params: { trust: 10, farmedScore: 60 } },
  { id: 'rep100-farmed', title: 'replicated, trust 100, pre-farmed', params: { trust: 100, farmedScore: 60 } },
  { id: 'rep1000-colluding', title: 'replicated, trust 1,000, colluding scheduler', params: { trust: 1000, colludingScheduler: true } },
];

const sci = (x: number) => (x === 0 ? '0' : x.toExponential(1).replace('e+0', ''));

/** One cell: wrong accepted / tasks · (contributions + verifier re-executions) / task · overturned / tasks. */
function cell(r: SimResult): string {
  const wrong = r.wrong === 0 ? `0 (<${sci(3 / r.tasks)})` : sci(r.wrong / r.tasks);
  const work = (r.contributions + r.checks) / r.tasks;
  return `${wrong} · ${work.toFixed(2)}${r.overturned ? ` · ovt ${sci(r.overturned / r.tasks)}` : ''}`;
}

/** Runs every case and returns the report section (markdown lines). */
export function verifierSection(opts: { workers: number; tasks: number; seeds: number[] }): string[] {
  const lines = [
    `### J. With a verifier that checks a fraction q (issue 16): ${opts.workers} workers, ${(opts.tasks * opts.seeds.length).toLocaleString('en-US')} tasks per cell, colluding saboteurs (s = 1)`,
    '',
    'Cell: **wrong accepted** / tasks · **executions per task** (contributions or answers, plus the verifier’s re-executions: the cost) · `ovt` = wrong results overturned by a won dispute. A checked wrong result is always overturned: the verifier re-executes it, and the dispute game (with the claim bindings) is won by any honest party, so the model needs no trusted checker and reaches a colluding scheduler too. Each overturned answer costs its liar the dispute deposit (decision 026); a game costs about 1M gas in all (Dispute game section), paid by the loser’s deposit. No blacklisting: a caught saboteur only loses its score and deposit.',
    '',
  ];
  for (const c of VERIFIER_CASES) {
    lines.push(`**${c.title}**`, '', `| f \\ q | ${VERIFIER_QS.join(' | ')} |`, `|---|${VERIFIER_QS.map(() => '---').join('|')}|`);
    for (const f of VERIFIER_FS) {
      const cells = VERIFIER_QS.map((q) =>
        cell(simulateSeeds({ ...c.params, workers: opts.workers, f, tasks: opts.tasks, q, blacklist: false }, opts.seeds)),
      );
      lines.push(`| ${f} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines;
}
