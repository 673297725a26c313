// A bounded, self-terminating nemesis (Jepsen style) for a stack started with `proxies`.
import type { ChildProcess } from 'node:child_process';
import type { PartitionMode, Proxy as FaultProxy } from './proxy.ts';
import { seededRandom } from './proxy.ts';
import type { Stack } from './stack.ts';

/** Every fault the nemesis knows. */
export const FAULT_KINDS = [
  'kill-worker', // SIGKILL a worker, restart it later with the same key and data dir
  'pause-worker', // SIGSTOP a worker past its lease, SIGCONT later (a zombie)
  'kill-scheduler', // SIGKILL the scheduler, restart it on the same state
  'pause-scheduler', // SIGSTOP the scheduler (a hung process: its sockets stay open), SIGCONT later
  'delay-scheduler', // workers <-> scheduler: added latency
  'drop-scheduler', // workers <-> scheduler: connections cut at random messages
  'partition-scheduler', // workers <-> scheduler: partition (refuse or hang)
  'delay-rpc', // services <-> anvil: added latency
  'drop-rpc', // services <-> anvil: connections cut at random messages (answers lost)
  'partition-rpc', // services <-> anvil: the chain connection goes away for a few seconds
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One injected fault: what, on whom, when (ms since the nemesis started) and when it was healed. */
export type FaultRecord = { kind: FaultKind; target: string; at: number; healedAt?: number; detail?: string };
/** Something the nemesis did not cause: a process that died by itself and was respawned. */
export type CrashRecord = { target: string; at: number; log: string };

export type NemesisOptions = {
  seed: number;
  /** Faults are injected for this long; then everything is healed. */
  durationMs: number;
  /** Mean time between two faults (exponential). */
  meanIntervalMs: number;
  /** Relative weights of the fault kinds (default: all equal; 0 disables one). */
  weights?: Partial<Record<FaultKind, number>>;
  /** How long a fault lasts before it heals, ms (uniform in the range). */
  faultMs?: [number, number];
  log?: (line: string) => void;
};

export type NemesisReport = {
  seed: number;
  durationMs: number;
  faults: FaultRecord[];
  crashes: CrashRecord[];
  counts: Partial<Record<FaultKind, number>>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (p: { child: { exitCode: number | null; signalCode: NodeJS.Signals | null } }) =>
  p.child.exitCode === null && p.child.signalCode === null;

/**
 * Injects random faults into `stack` for `durationMs`, then heals everything (workers resumed and
 * restarted, the scheduler up, proxies clean) and waits until every worker is online again.
 * Decisions come from `seed` (timings of the processes still vary from run to run).
 * @example
 * const nemesis = runNemesis(stack, { seed: 7, durationMs: 30_000, meanIntervalMs: 1500 });
 * … const report = await nemesis.done; // report.faults: every fault injected
 */
export function runNemesis(stack: Stack, o: NemesisOptions) {
  const random = seededRandom(o.seed);
  const between = (a: number, b: number) => a + random() * (b - a);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const [minFault, maxFault] = o.faultMs ?? [1000, 5000];
  const log = o.log ?? (() => undefined);
  const t0 = Date.now();
  const now = () => Date.now() - t0;
  const faults: FaultRecord[] = [];
  const crashes: CrashRecord[] = [];
  const { rpc, scheduler: schedProxy } = stack.proxies;
  if (!rpc || !schedProxy) throw new Error('runNemesis: start the stack with { proxies: true }');

  /** Workers the nemesis holds down (killed or paused) until their heal runs. */
  const down = new Set<number>();
  const heals = new Map<FaultRecord, { timer: NodeJS.Timeout; heal: () => Promise<void> }>();
  /** Proxies with a fault in force (one at a time per proxy). */
  const proxyBusy = new Map<FaultProxy, FaultRecord>();
  let schedulerBusy: Promise<void> = Promise.resolve();
  let schedulerRestarting = false;
  let schedulerPaused = false;
  let stopped = false;

  function record(kind: FaultKind, target: string, detail?: string) {
    const f: FaultRecord = { kind, target, at: now(), detail };
    faults.push(f);
    log(`[nemesis +${(f.at / 1000).toFixed(1)}s] ${kind} ${target}${detail ? ` (${detail})` : ''}`);
    return f;
  }
  /** Runs `heal` after `ms` (or at the end, whichever comes first). */
  function later(f: FaultRecord, ms: number, heal: () => Promise<void>) {
    const run = async () => {
      const h = heals.get(f);
      if (!h) return;
      heals.delete(f);
      clearTimeout(h.timer);
      await heal();
      f.healedAt = now();
    };
    heals.set(f, { timer: setTimeout(() => void run().catch((e) => log(`[nemesis] heal of ${f.kind} failed: ${e}`)), ms), heal: run });
  }

  async function restartWorker(i: number) {
    for (let attempt = 0; ; attempt++) {
      const p = await stack.restartWorker(i);
      // A worker waits at start-up for an unreachable chain or scheduler; should one still exit, try again.
      const t = Date.now();
      while (Date.now() - t < 1500 && alive(p)) await sleep(100);
      if (alive(p) || attempt >= 20) return;
      await sleep(500);
    }
  }

  async function restartScheduler(downMs: number) {
    await stack.scheduler.proc.kill('SIGKILL');
    await sleep(downMs);
    for (let attempt = 0; ; attempt++) {
      try {
        await stack.restartScheduler('SIGKILL');
        return;
      } catch (err) {
        // Its start-up reads the chain: it fails while the RPC is partitioned.
        if (attempt >= 60) throw err;
        await sleep(500);
      }
    }
  }

  /** Respawns a process that died without the nemesis killing it (and reports it). */
  async function supervise() {
    for (let i = 0; i < stack.workers.length; i++) {
      const p = stack.workers[i]!;
      if (!down.has(i) && !alive(p)) {
        crashes.push({ target: `worker-${i}`, at: now(), log: p.log().slice(-2000) });
        // The daemon's own one-line error if it printed one, else its last line.
        const lines = p.log().trim().split('\n');
        const last = ([...lines].reverse().find((l) => l.startsWith('proofgrid-worker:')) ?? lines.at(-1))?.slice(0, 200) ?? '';
        log(`[nemesis +${(now() / 1000).toFixed(1)}s] worker-${i} died by itself (exit ${p.child.exitCode}: ${last}): respawning`);
        down.add(i);
        await restartWorker(i).finally(() => down.delete(i));
      }
    }
    const s = stack.scheduler.proc;
    if (!alive(s) && !schedulerRestarting) {
      await schedulerBusy;
      if (!alive(stack.scheduler.proc)) {
        crashes.push({ target: 'scheduler', at: now(), log: s.log().slice(-2000) });
        log(`[nemesis +${(now() / 1000).toFixed(1)}s] the scheduler died by itself (exit ${s.child.exitCode}): restarting`);
        schedulerRestarting = true;
        schedulerBusy = restartScheduler(0).finally(() => void (schedulerRestarting = false));
        await schedulerBusy;
      }
    }
  }

  /** SIGSTOPs `p` (a hung process: its sockets stay open) and SIGCONTs it after `ms`, then `resumed`. */
  function pause(kind: FaultKind, target: string, p: { child: ChildProcess }, ms: number, resumed: () => void) {
    process.kill(p.child.pid as number, 'SIGSTOP');
    later(record(kind, target, `SIGCONT after ${Math.round(ms)} ms`), ms, async () => {
      if (alive(p)) process.kill(p.child.pid as number, 'SIGCONT');
      resumed();
    });
  }

  /** Injects one fault of `kind`; false when it does not apply now (target busy or down). */
  async function inject(kind: FaultKind): Promise<boolean> {
    const ms = between(minFault, maxFault);
    const n = stack.workers.length;
    switch (kind) {
      case 'kill-worker':
      case 'pause-worker': {
        const up = [...Array(n).keys()].filter((i) => !down.has(i));
        if (up.length <= 1) return false; // keep one worker running
        const i = pick(up);
        const p = stack.workers[i]!;
        down.add(i);
        if (kind === 'kill-worker') {
          await p.kill('SIGKILL');
          later(record(kind, `worker-${i}`, `restart after ${Math.round(ms)} ms`), ms, async () => {
            await restartWorker(i);
            down.delete(i);
          });
        } else pause(kind, `worker-${i}`, p, ms, () => down.delete(i));
        return true;
      }
      case 'pause-scheduler': {
        if (schedulerRestarting || schedulerPaused) return false;
        const p = stack.scheduler.proc;
        if (!alive(p)) return false;
        schedulerPaused = true;
        pause(kind, 'scheduler', p, ms, () => (schedulerPaused = false));
        return true;
      }
      case 'kill-scheduler': {
        const downMs = between(0, 1500);
        if (schedulerRestarting || schedulerPaused) return false;
        const f = record(kind, 'scheduler', `down ${Math.round(downMs)} ms`);
        // In the background: other faults go on while it starts again.
        schedulerRestarting = true;
        schedulerBusy = restartScheduler(downMs)
          .then(() => void (f.healedAt = now()))
          .catch((e) => log(`[nemesis] scheduler restart failed: ${e}`))
          .finally(() => void (schedulerRestarting = false));
        return true;
      }
      default: {
        const [what, which] = kind.split('-') as ['delay' | 'drop' | 'partition', 'scheduler' | 'rpc'];
        const proxy = which === 'rpc' ? rpc! : schedProxy!;
        if (proxyBusy.has(proxy)) return false;
        let detail: string;
        if (what === 'delay') {
          const delayMs = Math.round(between(20, 300));
          proxy.set({ delayMs, jitterMs: Math.round(delayMs / 2) });
          detail = `${delayMs} ms + jitter for ${Math.round(ms)} ms`;
        } else if (what === 'drop') {
          const drop = Math.round(between(0.02, 0.2) * 100) / 100;
          proxy.set({ drop });
          detail = `p=${drop} per message for ${Math.round(ms)} ms`;
        } else {
          const mode: PartitionMode = random() < 0.5 ? 'refuse' : 'hang';
          proxy.set({ partition: mode });
          detail = `${mode} for ${Math.round(ms)} ms`;
        }
        const f = record(kind, proxy.name, detail);
        proxyBusy.set(proxy, f);
        later(f, ms, async () => {
          proxy.heal();
          proxyBusy.delete(proxy);
        });
        return true;
      }
    }
  }

  async function healAll() {
    for (const h of [...heals.values()]) await h.heal();
    await schedulerBusy.catch(() => undefined);
    rpc!.heal();
    schedProxy!.heal();
    await supervise();
    // Every worker registered and online again (heartbeats through the healed proxy).
    const started = Date.now();
    for (;;) {
      try {
        const online = (await stack.market.listWorkers()).filter((w) => w.status === 'online').length;
        if (online >= stack.workers.length) return;
      } catch {
        /* the scheduler may still be starting */
      }
      if (Date.now() - started > 60_000) throw new Error(`workers not back online after healing:\n${stack.logs().slice(-4000)}`);
      await supervise();
      await sleep(200);
    }
  }

  const weights = FAULT_KINDS.map((k) => o.weights?.[k] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  function chooseKind(): FaultKind {
    let r = random() * total;
    for (let i = 0; i < FAULT_KINDS.length; i++) {
      r -= weights[i]!;
      if (r < 0) return FAULT_KINDS[i]!;
    }
    return FAULT_KINDS[FAULT_KINDS.length - 1]!;
  }

  const done = (async (): Promise<NemesisReport> => {
    try {
      while (!stopped && now() < o.durationMs) {
        // Exponential gaps, capped so that the run stays bounded.
        const gap = Math.min(-Math.log(1 - random()) * o.meanIntervalMs, 3 * o.meanIntervalMs, Math.max(0, o.durationMs - now()));
        await sleep(gap);
        if (stopped || now() >= o.durationMs) break;
        await supervise();
        for (let tries = 0; tries < 4; tries++) if (await inject(chooseKind())) break;
      }
    } finally {
      log(`[nemesis +${(now() / 1000).toFixed(1)}s] healing everything`);
      await healAll();
      log(`[nemesis +${(now() / 1000).toFixed(1)}s] healed: every worker online`);
    }
    const counts: Partial<Record<FaultKind, number>> = {};
    for (const f of faults) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    return { seed: o.seed, durationMs: now(), faults, crashes, counts };
  })();
  return {
    done,
    /** Ends the fault phase early (the heal still runs); `done` resolves after it. */
    stop() {
      stopped = true;
      return done;
    },
  };
}

/** A one-line-per-kind summary of a nemesis report. */
export function formatFaults(r: NemesisReport) {
  const lines = Object.entries(r.counts).map(([k, n]) => `  ${k.padEnd(20)} ${n}`);
  return `nemesis seed ${r.seed}: ${r.faults.length} faults in ${(r.durationMs / 1000).toFixed(1)} s\n${lines.join('\n')}${r.crashes.length ? `\n  processes that died by themselves: ${r.crashes.map((c) => c.target).join(', ')}` : ''}`;
}
