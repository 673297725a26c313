// The explainer (issue 19, beyond HTCondor's -better-analyze): why a request is or is not matched,
// per candidate order and pool, with counts per clause and the smallest change that would match.
import { type ExplainCandidate, type ExplainClause, type Explanation, formatTokens } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import type { OrderRow } from '../store/index.ts';
import { type Ad, requirement } from './classad.ts';
import { type ClauseFacts, type Wire, failuresOf } from './explainClauses.ts';
import type { Offers } from './select.ts';

export type ExplainFacts = {
  /** Unix seconds. */
  now: number;
  /** This scheduler's workerpool, and the requesters it serves when private (X1). */
  pool: string;
  allowRequesters?: string[];
  /** Registry tags: the app's, the dataset's, each workerpool's (absent = 0). */
  appTag?: bigint;
  datasetTag?: bigint;
  poolTags?: Map<string, bigint>;
  /** The requester's free escrow (absent: not checked). */
  balance?: bigint;
  /** The ads of this pool's online workers (absent: not checked). */
  workers?: Ad[];
  /** Parsed order bodies by hash, kept by the caller across explanations. */
  bodies?: Map<string, Record<string, string>>;
};

const KINDS = ['app', 'dataset', 'workerpool'] as const;
// Prices repeat across a book: each amount is formatted once.
const formatted = new Map<bigint, string>();
const format = (wei: bigint) => {
  let s = formatted.get(wei);
  if (s === undefined) {
    if (formatted.size > 10_000) formatted.clear();
    formatted.set(wei, (s = formatTokens(wei)));
  }
  return s;
};

/** Explains request `req` against the candidate offers in the book (every open order of its app, dataset, and every pool). */
export function explain(req: OrderRow, offers: Offers, facts: ExplainFacts): Explanation {
  const r = JSON.parse(req.body) as Wire;
  const withDataset = r.dataset !== '0';
  // An order's body never changes for its hash: parsed once, kept across calls when the caller keeps `bodies`.
  const bodies = facts.bodies ?? new Map<string, Wire>();
  if (bodies.size > 50_000) bodies.clear();
  const bodyOf = (o: OrderRow) => bodies.get(o.hash) ?? (bodies.set(o.hash, JSON.parse(o.body) as Wire).get(o.hash) as Wire);
  const baseTag = BigInt(r.tag ?? '0') | (facts.appTag ?? 0n) | (withDataset ? (facts.datasetTag ?? 0n) : 0n);
  const poolTag = (p: string) => facts.poolTags?.get(p) ?? 0n;

  // Pools first: app and dataset orders' pool restrictions and tags are judged against them.
  const poolFacts: ClauseFacts = { now: facts.now, baseTag, poolTag, poolOffers: () => true, format };
  const pools = offers.pools.map((o) => candidate(o, 'workerpool', poolFacts));
  // This market's scheduler matches its own pool only: another pool's order in the book is its scheduler's to match.
  for (const c of pools)
    if (c.asset !== facts.pool)
      c.fails.push({
        clause: 'otherPool',
        detail: `workerpool ${c.asset} is matched by its own scheduler; this one matches workerpool ${facts.pool}`,
      });
  if (facts.allowRequesters)
    for (const c of pools)
      if (c.asset === facts.pool && !facts.allowRequesters.includes((r.requester as string).toLowerCase()))
        c.fails.push({ clause: 'privatePool', detail: `workerpool ${facts.pool} serves only its listed requesters` });
  // Pools that fit but for tags (and for being another scheduler's): what app and dataset orders can be served by.
  const servable = pools
    .filter((c) => c.fails.every((f) => f.clause === 'tag' || f.clause === 'otherPool'))
    .map((c) => ({ pool: c.asset, offered: BigInt(bodyOf(c.row).tag ?? '0') | poolTag(c.asset) }));
  const poolOffers = (tag: bigint, pool?: string) =>
    servable.some((s) => (pool === undefined || s.pool === pool) && (s.offered & tag) === tag);
  const assetFacts: ClauseFacts = { ...poolFacts, poolOffers };
  const apps = offers.apps.map((o) => candidate(o, 'app', assetFacts));
  const datasets = withDataset ? offers.datasets.map((o) => candidate(o, 'dataset', assetFacts)) : [];
  for (const c of [...pools, ...apps, ...datasets]) c.fits = c.fails.length === 0;

  function candidate(o: OrderRow, kind: (typeof KINDS)[number], f: ClauseFacts) {
    const b = bodyOf(o);
    const fails = failuresOf(o, b, r, kind, f);
    return { row: o, kind, hash: o.hash, asset: o.asset, price: b.price ?? '0', fits: false, fails };
  }

  const byKind = { app: apps, dataset: datasets, workerpool: pools };
  const kinds: Explanation['kinds'] = {};
  const clauses: ExplainClause[] = [];
  const fixes: string[] = [];
  const blocked: string[] = [];
  for (const kind of KINDS) {
    if (kind === 'dataset' && !withDataset) continue;
    const list = byKind[kind];
    const fitting = list.filter((c) => c.fits);
    kinds[kind] = { candidates: list.length, fitting: fitting.length };
    const counts = new Map<string, { failing: number; fixes: { fix: string; price: bigint }[] }>();
    for (const c of list)
      for (const f of c.fails) {
        const e = counts.get(f.clause) ?? { failing: 0, fixes: [] };
        e.failing++;
        if (f.fix) e.fixes.push({ fix: f.fix, price: BigInt(c.price) });
        counts.set(f.clause, e);
      }
    for (const [clause, e] of counts) {
      const fix = e.fixes.sort((a, b) => (a.price < b.price ? -1 : a.price > b.price ? 1 : 0))[0]?.fix;
      clauses.push({ kind, clause, failing: e.failing, of: list.length, ...(fix ? { fix } : {}) });
    }
    if (fitting.length) continue;
    if (!list.length) {
      blocked.push(`no open ${kind} order in the book`);
      fixes.push(
        `wait for (or publish) a ${kind} order${kind === 'app' ? ` of app ${r.app}` : kind === 'dataset' ? ` of dataset ${r.dataset}` : ''}`,
      );
      continue;
    }
    const top = [...counts].sort((a, b) => b[1].failing - a[1].failing)[0] as [string, { failing: number }];
    blocked.push(`no ${kind} order fits (${top[0]} fails on ${top[1].failing} of ${list.length})`);
    // The smallest change: the candidates with the fewest failing clauses, all fixable by the requester;
    // among them one fix per set of clauses (the cheapest candidate's), alternatives joined by "or".
    const fixable = list
      .filter((c) => c.fails.every((f) => f.fix))
      .sort((a, b) => a.fails.length - b.fails.length || (BigInt(a.price) < BigInt(b.price) ? -1 : 1));
    const fewest = fixable[0]?.fails.length;
    const ways = new Map<string, string>();
    for (const c of fixable.filter((c) => c.fails.length === fewest)) {
      const key = c.fails.map((f) => f.clause).join('+');
      if (!ways.has(key)) ways.set(key, c.fails.map((f) => f.fix).join(' and '));
    }
    if (ways.size) fixes.push([...ways.values()].join(', or '));
    else fixes.push(`no ${kind} order can fit by a change of the request: its owner must publish one (${top[0]})`);
  }

  const volume = BigInt(req.volume) - BigInt(req.consumed);
  if (req.status !== 'open') blocked.unshift(`the request is ${req.status}`);
  if (facts.balance !== undefined && volume > 0n) {
    const cheapest = (list: ExplainCandidate[]) => {
      const pick = list.filter((c) => c.fits).length ? list.filter((c) => c.fits) : list;
      return pick.reduce<bigint | undefined>((m, c) => (m === undefined || BigInt(c.price) < m ? BigInt(c.price) : m), undefined) ?? 0n;
    };
    const cost = volume * (cheapest(apps) + cheapest(datasets) + cheapest(pools));
    if (facts.balance < cost) {
      const fix = `deposit ${format(cost - facts.balance)} more (needs ${format(cost)} for ${volume} task${volume === 1n ? '' : 's'}, has ${format(facts.balance)})`;
      clauses.push({ kind: 'request', clause: 'funds', failing: 1, of: 1, fix });
      blocked.push(`the requester's escrow is short: ${format(facts.balance)} < ${format(cost)}`);
      fixes.push(fix);
    }
  }
  let workersBlock = false;
  if (facts.workers) {
    const params = safeParams(r.params);
    if (!facts.workers.length) {
      clauses.push({ kind: 'workers', clause: 'online', failing: 1, of: 1 });
      blocked.push(`no worker of workerpool ${facts.pool} is online`);
      workersBlock = true;
    } else if (params.requirements) {
      try {
        const req = requirement(params.requirements);
        const failing = new Map<string, number>();
        for (const ad of facts.workers) for (const c of req.explain(ad)) failing.set(c, (failing.get(c) ?? 0) + 1);
        for (const [c, n] of failing) clauses.push({ kind: 'workers', clause: `requirement ${c}`, failing: n, of: facts.workers.length });
        if (!facts.workers.some((ad) => req.test(ad))) {
          workersBlock = true;
          const [c, n] = [...failing].sort((a, b) => b[1] - a[1])[0] ?? ['requirements', facts.workers.length];
          blocked.push(`no online worker meets the requirements (${c} fails on ${n} of ${facts.workers.length})`);
          fixes.push(`relax the requirement ${c}`);
        }
      } catch (err) {
        clauses.push({ kind: 'workers', clause: 'requirement syntax', failing: 1, of: 1 });
        blocked.push(`the requirements do not parse: ${(err as Error).message}`);
        workersBlock = true;
      }
    }
  }
  clauses.sort((a, b) => b.failing / b.of - a.failing / a.of || b.failing - a.failing);
  const matchable = req.status === 'open' && blocked.length === 0 && !workersBlock;
  return {
    request: req.hash as Hex,
    status: req.status,
    matchable,
    kinds,
    clauses,
    candidates: [...pools, ...apps, ...datasets].map(({ row: _row, ...c }) => c),
    fixes,
    summary: blocked.length ? blocked.join('; ') : 'every kind has a fitting offer: it can be matched',
    ...(req.reason ? { reason: req.reason } : {}),
  };
}

function safeParams(raw: string | undefined): { requirements?: string } {
  try {
    return raw ? (JSON.parse(raw) as { requirements?: string }) : {};
  } catch {
    return {};
  }
}
