// The checker of a fault-injection run: what the chain and the market say once the system is quiet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address, Hex } from 'viem';
import {
  type DealId,
  type DealKey,
  type ProofgridClient,
  encodeResult,
  fetchResults,
  getBatchStatus,
  getEscrow,
  getTokenBalance,
  isTaskSettled,
  resultDigestOf,
  taskIdOf,
} from '@proofgrid/sdk';
import type { DealView } from '@proofgrid/sdk/api';
// The reference runs use the worker's own sandbox (a workspace package, linked by npm workspaces).
import { createSandboxPool } from '@proofgrid/worker/sandbox';
import { events } from './market.ts';
import type { Stack } from './stack.ts';

/** What happened to tasks: per deal, and summed over the run. */
type TaskCounts = {
  finalized: number;
  refunded: number;
  /** Tasks neither settled nor refunded on chain (`isTaskSettled` false). */
  lost: number;
  /** Tasks paid or refunded more than once by the events, or claims refunding settled tasks. */
  doublePaid: number;
  /** Finalized tasks whose verified result differs from the local reference run. */
  wrong: number;
  /** Finalized tasks whose result could not be fetched and verified against the chain root. */
  unverified: number;
};

export type DealCheck = TaskCounts & {
  dealId: Hex;
  volume: number;
  /** The scheduler's final word on the deal (`stuck` if it never left `running`). */
  status: string;
};

export type CheckReport = TaskCounts & {
  deals: DealCheck[];
  tasks: number;
  stuck: number;
  escrow: { held: bigint; accounted: bigint; conserved: boolean; locked: bigint; accounts: number };
  problems: string[];
};

export type CheckOptions = {
  /** The module every deal ran (the checker recomputes each result locally). */
  module: Uint8Array;
  /** How long to wait for every deal to end (the system quiescing after the nemesis). */
  quiesceMs?: number;
  /** Sandbox limits of the workers' runs (the app's memory cap; output and time are generous). */
  limits?: { memoryMb: number; timeoutMs: number; maxOutputBytes: number };
  /** App-level check of one result's stdout; returns a problem or undefined. */
  validate?: (args: string[], stdout: Uint8Array) => string | undefined;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a call to the market while the scheduler is down or restarting. */
export async function retry<T>(fn: () => Promise<T>, ms = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() - started > ms) throw err;
      await sleep(300);
    }
  }
}

/**
 * Waits for the system to quiesce, then checks every deal of the stack's pool on chain and in the
 * market: every task settled (finalized) or refunded (claimed), none lost, none paid twice, every
 * finalized result fetched, verified against the chain root and equal to a local reference run in
 * the worker's sandbox; and the escrow conserved (Σ balance + locked == token.balanceOf(hub)).
 * @example
 * const report = await checkRun(stack, client, { module: readFileSync(MONTECARLO) });
 * assert.equal(report.lost, 0);
 */
export async function checkRun(stack: Stack, client: ProofgridClient, o: CheckOptions): Promise<CheckReport> {
  const problems: string[] = [];
  const limits = o.limits ?? { memoryMb: 64, timeoutMs: 60_000, maxOutputBytes: 16 << 20 };
  const workerpool = BigInt(stack.scheduler.workerpool);
  const matched = (await events(client, 'DealMatched')).filter((e) => (e.args.key as DealKey).workerpool === workerpool);

  // 1. Quiescence: every deal leaves `running` in the scheduler (or the wait runs out).
  const views = new Map<Hex, DealView>();
  const deadline = Date.now() + (o.quiesceMs ?? 60_000);
  for (const ev of matched) {
    const dealId = ev.args.dealId as Hex;
    for (;;) {
      const view = await retry(() => stack.market.getDeal(dealId)).catch(() => undefined);
      if (view) views.set(dealId, view);
      if ((view && view.status !== 'running') || Date.now() > deadline) break;
      await sleep(250);
    }
  }

  // 2. Settlement events, in chain order.
  const finalizedLogs = await events(client, 'BatchFinalized');
  const claimedLogs = await events(client, 'TasksClaimed');
  const ordered = [
    ...finalizedLogs.map((l) => ({ l, kind: 'finalized' as const })),
    ...claimedLogs.map((l) => ({ l, kind: 'claimed' as const })),
  ].sort((a, b) => (a.l.blockNumber === b.l.blockNumber ? a.l.logIndex - b.l.logIndex : a.l.blockNumber < b.l.blockNumber ? -1 : 1));

  const scratch = mkdtempSync(join(tmpdir(), 'proofgrid-check-'));
  const pool = createSandboxPool({ size: 2, tmpDir: scratch });
  const deals: DealCheck[] = [];
  /** Contribution and reveal logs, read once if a stuck deal needs them. */
  const eventLogs: Record<string, Awaited<ReturnType<typeof events>>> = {};
  try {
    for (const ev of matched) {
      const dealId = ev.args.dealId as DealId;
      const key = ev.args.key as DealKey;
      const volume = Number(key.volume);
      const view = views.get(dealId);
      const check: DealCheck = {
        dealId,
        volume,
        status: !view ? 'unknown' : view.status === 'running' ? 'stuck' : view.status,
        finalized: 0,
        refunded: 0,
        lost: 0,
        doublePaid: 0,
        wrong: 0,
        unverified: 0,
      };
      deals.push(check);
      if (check.status === 'stuck' || check.status === 'unknown') {
        problems.push(`deal ${dealId}: ${check.status} after quiescence (${JSON.stringify(view?.counts ?? {})})`);
        // What the chain and the scheduler each say of every open batch, to tell where it hangs.
        for (const b of view?.batches ?? []) {
          if (b.status === 'finalized' || b.status === 'claimed') continue;
          const onChain = await getBatchStatus(client, { key, first: b.first, count: b.count }).catch(
            (e) => `unreadable (${(e as Error).message.split('\n')[0]})`,
          );
          const workersOf = async (eventName: string) =>
            (eventLogs[eventName] ??= await events(client, eventName))
              .filter((l) => l.args.batchId === b.batchId)
              .map((l) => String(l.args.worker).slice(0, 8));
          const contributors = await workersOf('BatchContributed');
          const revealers = await workersOf('BatchRevealed');
          const leases = b.workers.map((w) => `${w.address.slice(0, 8)}:${w.status}`);
          problems.push(
            `  batch [${b.first}, +${b.count}) scheduler ${b.status} (replicas ${b.replicas}; leases ${leases.join(' ') || 'none'}), chain ${onChain}; contributed ${contributors.join(' ') || 'none'}; revealed ${revealers.join(' ') || 'none'}`,
          );
        }
      }

      // No task paid twice: replay BatchFinalized / TasksClaimed over a per-task ledger.
      const state: ('open' | 'finalized' | 'refunded')[] = Array(volume).fill('open');
      for (const { l, kind } of ordered) {
        if (l.args.dealId !== dealId) continue;
        const first = Number(l.args.first);
        const count = Number(l.args.count);
        if (kind === 'finalized') {
          for (let i = first; i < first + count; i++) {
            if (state[i] !== 'open') {
              check.doublePaid++;
              problems.push(`deal ${dealId} task ${i}: finalized when already ${state[i]}`);
            }
            state[i] = 'finalized';
          }
        } else {
          // claim refunds exactly the tasks of its range that were not settled yet.
          const open = state.slice(first, first + count).filter((s) => s === 'open').length;
          if (Number(l.args.refundedTasks) !== open) {
            check.doublePaid += Math.abs(Number(l.args.refundedTasks) - open);
            problems.push(`deal ${dealId} claim [${first}, +${count}): refunded ${l.args.refundedTasks} tasks, ${open} were open`);
          }
          for (let i = first; i < first + count; i++) if (state[i] === 'open') state[i] = 'refunded';
        }
      }
      check.finalized = state.filter((s) => s === 'finalized').length;
      check.refunded = state.filter((s) => s === 'refunded').length;

      // No task lost: the chain says every task is settled (finalized or claimed).
      for (let i = 0; i < volume; i++) {
        const settled = await isTaskSettled(client, { key, index: i });
        if (!settled) check.lost++;
        if (settled && state[i] === 'open') problems.push(`deal ${dealId} task ${i}: settled on chain without an event`);
      }
      if (check.lost) problems.push(`deal ${dealId}: ${check.lost} of ${volume} tasks neither settled nor refunded`);

      // The right result: fetched, verified against the chain root, equal to a local run.
      let results: Awaited<ReturnType<typeof fetchResults>> = [];
      if (view) {
        try {
          results = await retry(() => fetchResults(client, stack.market, view), 10_000);
        } catch (err) {
          problems.push(`deal ${dealId}: results not verified: ${(err as Error).message}`);
        }
      }
      const byIndex = new Map(results.map((r) => [r.index, r]));
      const params = JSON.parse((ev.args.params as string) || '{}') as { tasks?: Hex };
      const list = params.tasks
        ? (
            JSON.parse(new TextDecoder().decode((await retry(() => stack.market.getBlobs([params.tasks as Hex])))[0])) as {
              tasks: { args: string[]; files?: Record<string, Hex> }[];
            }
          ).tasks
        : [];
      await Promise.all(
        state.map(async (s, i) => {
          if (s !== 'finalized') return;
          const got = byIndex.get(i);
          if (!got) {
            check.unverified++;
            return;
          }
          const t = list[i] ?? { args: [] };
          const files: Record<string, Uint8Array> = {};
          for (const [name, hash] of Object.entries(t.files ?? {}))
            files[name] = (await retry(() => stack.market.getBlobs([hash])))[0] as Uint8Array;
          const r = await pool.run({
            module: o.module,
            args: t.args,
            files,
            seed: taskIdOf(dealId, i),
            limits,
            env: { TASK_INDEX: String(i) },
          });
          const reference = resultDigestOf(encodeResult({ stdout: r.stdout, files: r.files }));
          if (reference !== got.digest) {
            check.wrong++;
            problems.push(`deal ${dealId} task ${i}: digest ${got.digest}, the reference run gives ${reference}`);
          }
          const why = o.validate?.(t.args, got.stdout);
          if (why) {
            check.wrong++;
            problems.push(`deal ${dealId} task ${i}: ${why}`);
          }
        }),
      );
      if (check.unverified) problems.push(`deal ${dealId}: ${check.unverified} finalized tasks without a verified result`);
    }
  } finally {
    await pool.close();
    rmSync(scratch, { recursive: true, force: true });
  }

  // 3. Escrow conservation over every account that ever held escrow.
  const accounts = new Set<Address>(stack.devnet.accounts.map((a) => a.address.toLowerCase() as Address));
  for (const l of await events(client, 'Deposited')) accounts.add((l.args.account as Address).toLowerCase() as Address);
  for (const ev of matched) {
    const k = ev.args.key as DealKey;
    for (const a of [k.requester, k.appOwner, k.datasetOwner, k.poolOwner, k.scheduler]) accounts.add(a.toLowerCase() as Address);
  }
  let accounted = 0n;
  let locked = 0n;
  for (const a of accounts) {
    const { escrow, locked: l } = await getEscrow(client, { account: a });
    accounted += escrow + l;
    locked += l;
  }
  const held = await getTokenBalance(client, { account: client.deployment.hub });
  if (held !== accounted) problems.push(`escrow not conserved: the hub holds ${held}, the accounts sum to ${accounted}`);

  const sum = (f: (d: DealCheck) => number) => deals.reduce((s, d) => s + f(d), 0);
  return {
    deals,
    tasks: sum((d) => d.volume),
    finalized: sum((d) => d.finalized),
    refunded: sum((d) => d.refunded),
    lost: sum((d) => d.lost),
    doublePaid: sum((d) => d.doublePaid),
    wrong: sum((d) => d.wrong),
    unverified: sum((d) => d.unverified),
    stuck: deals.filter((d) => d.status === 'stuck' || d.status === 'unknown').length,
    escrow: { held, accounted, conserved: held === accounted, locked, accounts: accounts.size },
    problems,
  };
}

/** A few lines summing up a check. */
export function formatCheck(r: CheckReport) {
  return [
    `checked ${r.deals.length} deals, ${r.tasks} tasks: ${r.finalized} finalized, ${r.refunded} refunded, lost ${r.lost}, paid twice ${r.doublePaid}, wrong ${r.wrong}, unverified ${r.unverified}, stuck deals ${r.stuck}`,
    `escrow: hub holds ${r.escrow.held}, ${r.escrow.accounts} accounts sum to ${r.escrow.accounted} (${r.escrow.conserved ? 'conserved' : 'NOT conserved'}); still locked ${r.escrow.locked}`,
    ...r.deals.map(
      (d) =>
        `  ${d.dealId.slice(0, 10)}… ${d.status.padEnd(9)} ${d.volume} tasks: ${d.finalized} finalized, ${d.refunded} refunded, lost ${d.lost}`,
    ),
    ...(r.problems.length ? ['problems:', ...r.problems.slice(0, 30).map((p) => `  - ${p}`)] : []),
  ].join('\n');
}
