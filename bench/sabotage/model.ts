// Agent-based sabotage simulation over the contract's consensus rule (consensus.ts).
// One run: `workers` workers, round(f * workers) of them saboteurs; `tasks` single-task batches run one
// after the other; for each, an honest scheduler draws workers uniformly at random without replacement
// (skipping blacklisted ones) and each contributes until the batch reaches consensus, or it has
// MAX_CONTRIBUTORS contributions, or no worker is left. Then, in contract order:
//   consensus   -> optional spot-check (probability q) by a trusted checker during the rollback window:
//                  a wrong chosen value is overturned (requester refunded, chosen group's scores -> 0);
//                  otherwise settlement: accurate contributors +1 if replicated, wrong ones -> 0.
//   no consensus -> the batch is claimed after its deadline: refund, stakes back, no score change.
// A colluding scheduler (colludingScheduler) draws from the saboteurs only. A spot-check is either the trusted
// checker's or, since issue 16, an independent verifier's challenge decided by the dispute game: the model is the
// same (a checked wrong value is overturned), but the verifier needs no trust and reaches a colluding scheduler too.
// Every contributor reveals (a chosen member that withholds its reveal only hurts itself), so reopen
// never happens. Scores change before the next task starts (sequential tasks, settlement in between).
import { seededRandom } from '@proofgrid/testkit';
import { Batch, MAX_CONTRIBUTORS, type Rule, nextScore, weightOf } from './consensus.ts';

export type SimParams = {
  workers: number;
  /** Saboteur fraction: round(f * workers) saboteurs. */
  f: number;
  trust: number;
  tasks: number;
  seed: number;
  /** Probability that a saboteur returns a wrong value on a task (Sarmenta's s). Default 1. */
  s?: number;
  /** Colluding saboteurs all return the same wrong value; otherwise each returns its own. Default true. */
  colluding?: boolean;
  /** Spot-check probability per accepted task (trusted re-execution, contract `overturn`). Default 0. */
  q?: number;
  /** A worker proven wrong by a spot-check is no longer assigned work (off-chain scheduler policy). */
  blacklist?: boolean;
  /** Reputation farming, sleeper form: a saboteur is honest on its first N tasks, then cheats. */
  sleeper?: number;
  /** Reputation farming, pre-farmed form: saboteurs arrive with this score (e.g. from self-dealt deals). */
  farmedScore?: number;
  rule?: Rule;
  maxContributors?: number;
  /**
   * A colluding scheduler (issue 16): it authorizes only the saboteurs, so every replica of every task is one of
   * them (while any is left). The honest scheduler (default) draws from the whole pool.
   */
  colludingScheduler?: boolean;
  /** Count wrong values per window of this many tasks (SimResult.wrongByWindow). */
  window?: number;
};

export type SimResult = {
  tasks: number;
  /** Accepted with a wrong value and not overturned. */
  wrong: number;
  /** No consensus (cap or no worker left): claimed and refunded. */
  failed: number;
  /** Wrong value chosen, caught by a spot-check and overturned (refunded). */
  overturned: number;
  /** Spot-checks run (each one is a trusted re-execution). */
  checks: number;
  contributions: number;
  /** Saboteurs blacklisted at the end. */
  blacklisted: number;
  /** Wrong values accepted in tasks [i·window, (i+1)·window), when SimParams.window is set. */
  wrongByWindow?: number[];
};

const CORRECT = 'ok';
const COLLUDED = 'bad';

export function simulate(p: SimParams): SimResult {
  const rnd = seededRandom(p.seed);
  const s = p.s ?? 1;
  const colluding = p.colluding ?? true;
  const q = p.q ?? 0;
  const rule = p.rule ?? 'proofgrid';
  const cap = p.maxContributors ?? MAX_CONTRIBUTORS;
  const trust = BigInt(p.trust);
  const nSab = Math.round(p.f * p.workers);
  // Saboteurs are the first nSab ids; assignment is uniform, so which ids does not matter.
  const saboteur = (w: number) => w < nSab;
  const score: bigint[] = Array.from({ length: p.workers }, (_, w) => (saboteur(w) ? BigInt(p.farmedScore ?? 0) : 0n));
  const done = new Array<number>(p.workers).fill(0); // tasks contributed to, for sleepers
  const banned = new Array<boolean>(p.workers).fill(false);
  const pool: number[] = Array.from({ length: p.colludingScheduler ? nSab : p.workers }, (_, w) => w);
  const r: SimResult = { tasks: p.tasks, wrong: 0, failed: 0, overturned: 0, checks: 0, contributions: 0, blacklisted: 0 };
  if (p.window) r.wrongByWindow = new Array<number>(Math.ceil(p.tasks / p.window)).fill(0);

  for (let t = 0; t < p.tasks; t++) {
    const batch = new Batch(trust, cap);
    // Partial Fisher-Yates: draw without replacement, only as many as needed.
    let n = pool.length;
    while (batch.status !== 'Revealing' && batch.contributors < cap && n > 0) {
      const i = Math.floor(rnd() * n);
      const w = pool[i] as number;
      pool[i] = pool[n - 1] as number;
      pool[n - 1] = w;
      n--;
      if (banned[w]) continue;
      let value = CORRECT;
      if (saboteur(w) && done[w]! >= (p.sleeper ?? 0) && rnd() < s) value = colluding ? COLLUDED : `bad${w}`;
      done[w]!++;
      batch.contribute(w, value, weightOf(rule, score[w]!));
    }
    r.contributions += batch.contributors;
    const chosen = batch.chosen;
    if (chosen === undefined) {
      r.failed++;
      continue;
    }
    const checked = q > 0 && rnd() < q;
    if (checked) r.checks++;
    if (checked && chosen !== CORRECT) {
      // overturn: every contributor of the chosen hash is reset; the others get their stake back.
      r.overturned++;
      for (const v of batch.votes) {
        if (v.hash !== chosen) continue;
        score[v.worker] = 0n;
        if (p.blacklist) banned[v.worker] = true;
      }
      continue;
    }
    if (chosen !== CORRECT) {
      r.wrong++;
      if (r.wrongByWindow) r.wrongByWindow[Math.floor(t / (p.window as number))]!++;
    }
    const replicated = batch.replicated;
    for (const v of batch.votes) {
      const accurate = v.hash === chosen;
      score[v.worker] = nextScore(rule, score[v.worker]!, accurate, replicated);
      // A checked batch proves the dissenters wrong: they can be blacklisted too.
      if (checked && p.blacklist && v.hash !== CORRECT) banned[v.worker] = true;
    }
  }
  r.blacklisted = banned.filter(Boolean).length;
  return r;
}

/** Sum of several seeds. */
export function simulateSeeds(p: Omit<SimParams, 'seed'>, seeds: number[]): SimResult {
  const total: SimResult = { tasks: 0, wrong: 0, failed: 0, overturned: 0, checks: 0, contributions: 0, blacklisted: 0 };
  for (const seed of seeds) {
    const r = simulate({ ...p, seed });
    for (const k of Object.keys(total) as (keyof Omit<SimResult, 'wrongByWindow'>)[]) total[k] += r[k];
    if (r.wrongByWindow) total.wrongByWindow = r.wrongByWindow.map((x, i) => x + (total.wrongByWindow?.[i] ?? 0));
  }
  return total;
}
