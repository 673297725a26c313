// CPU per task of one bag through the whole stack, by process and by worker thread, from /proc/<pid>/stat
// (utime + stime, the whole bag's delta divided by its tasks). Wall-clock rates are noisy when other work
// shares the cores; CPU per task is what to compare between two versions run back to back (A/B).
// Writes nothing: BENCHMARKS.md figures come from `npm run bench:market` on a quiet machine.
//   node --import tsx bench/cpuPerTask.ts [tasks 3000] [workers 4]
//   PROFILE_TERM=1 PROOFGRID_SERVICE_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node --import tsx bench/cpuPerTask.ts
//     (services stopped with SIGTERM first, so their --cpu-prof profiles are written)
// Linux only (/proc). The busiest non-main thread of a worker is taken as its sandbox thread; the other
// threads (V8's GC and compiler helpers, libuv) are summed as workersOther.
import { readFileSync, readdirSync } from 'node:fs';
import { parseEther } from 'viem';
import { deposit, fetchResults, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';

const n = Number(process.argv[2] ?? 3000);
const workers = Number(process.argv[3] ?? 4);
const TICK = 100; // CLK_TCK
const stat = (pid: number, tid?: number) => {
  const f = tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`;
  const s = readFileSync(f, 'utf8');
  const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { ms: ((Number(rest[11]) + Number(rest[12])) * 1000) / TICK };
};
const snapshot = (pids: Record<string, number>) => {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    out[name] = stat(pid).ms;
    if (name.startsWith('worker')) {
      for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
        const t = stat(pid, tid);
        const key = `${name}/${tid === pid ? 'main' : tid}`;
        out[key] = (out[key] ?? 0) + t.ms;
      }
    }
  }
  out.client = process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
  return out;
};
const stack = await startStack({ workers, leaseTtlMs: 10_000 });
try {
  const pids: Record<string, number> = { anvil: stack.devnet.anvil!.process.pid!, scheduler: stack.scheduler.proc.child.pid! };
  for (const [i, w] of stack.workers.entries()) pids[`worker${i}`] = w.child.pid!;
  const { app, requester } = await setupMarket(stack);
  await deposit(requester, { amount: parseEther('1000') });
  const bag = async (size: number) => {
    const t0 = performance.now();
    const { requestHash } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(size, 1000),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      publicResults: true,
    });
    const dealId = await waitForDeal(stack.market, requestHash, { pollMs: 20 });
    const deal = await waitForDealEnd(stack.market, dealId, { pollMs: 20, timeoutMs: 600_000 });
    const results = await fetchResults(requester, stack.market, deal);
    if (results.length !== size) throw new Error('short');
    return performance.now() - t0;
  };
  await bag(200);
  const a = snapshot(pids);
  const wall = await bag(n);
  const b = snapshot(pids);
  const per: Record<string, number> = {};
  for (const k of Object.keys(b)) per[k] = (b[k]! - (a[k] ?? 0)) / n;
  const sum = (pred: (k: string) => boolean) =>
    Object.entries(per)
      .filter(([k]) => pred(k))
      .reduce((s, [, v]) => s + v, 0);
  const groups: Record<string, number> = {
    anvil: per.anvil!,
    scheduler: per.scheduler!,
    client: per.client!,
    workersTotal: sum((k) => /^worker\d$/.test(k)),
    workersMain: sum((k) => /^worker\d\/main$/.test(k)),
  };
  // per worker: the busiest non-main thread is the sandbox thread, the rest V8 and libuv helpers
  let sandbox = 0;
  for (let i = 0; i < workers; i++) {
    const threads = Object.entries(per)
      .filter(([k]) => k.startsWith(`worker${i}/`) && !k.endsWith('/main'))
      .map(([, v]) => v);
    sandbox += Math.max(0, ...threads);
  }
  groups.workersSandbox = sandbox;
  groups.workersOther = groups.workersTotal! - groups.workersMain! - sandbox;
  groups.total = groups.anvil! + groups.scheduler! + groups.client! + groups.workersTotal!;
  console.log(
    JSON.stringify(
      {
        n,
        wallS: +(wall / 1000).toFixed(2),
        rate: Math.round(n / (wall / 1000)),
        cpuMsPerTask: Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, +v.toFixed(3)])),
      },
      null,
      1,
    ),
  );
} finally {
  if (process.env.PROFILE_TERM) {
    await Promise.all(
      [...stack.workers, stack.scheduler.proc].map((p) => Promise.race([p.kill('SIGTERM'), new Promise((r) => setTimeout(r, 15_000))])),
    );
  }
  await stack.stop();
}
