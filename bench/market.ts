// Whole-stack benchmark (issue 4): latency of one trivial task, request to verified result, and
// throughput of bags of small tasks through chain + scheduler + worker processes on this machine.
//   npm run bench:market [-- --sizes 100,1000,10000 --workers 4]
// Writes bench/results/latency.md and bench/results/throughput.md, then rebuilds BENCHMARKS.md.
import { parseArgs } from 'node:util';
import { parseEther } from 'viem';
import { deposit, fetchResults, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, mcTasks, setupMarket } from '@proofgrid/testkit';
import { startStack } from '@proofgrid/testkit';
import { machineLine } from './lib/machine.ts';
import { writeSection } from './lib/summary.ts';

const { values: v } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,1000,10000' },
    workers: { type: 'string', default: '4' },
    latencyRuns: { type: 'string', default: '10' },
  },
});
const sizes = (v.sizes as string).split(',').map(Number);
const workers = Number(v.workers);
const stack = await startStack({ workers, leaseTtlMs: 10_000 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
try {
  const { app, requester } = await setupMarket(stack);
  await deposit(requester, { amount: parseEther('1000') }); // enough for a 10,000-task bag
  const runBag = async (n: number, paths: number) => {
    const t0 = performance.now();
    const { requestHash } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(n, paths),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      publicResults: true, // like for like with the baseline and the anchors: results in the clear
    });
    const t1 = performance.now();
    const dealId = await waitForDeal(stack.market, requestHash, { pollMs: 20 });
    const t2 = performance.now();
    const deal = await waitForDealEnd(stack.market, dealId, { pollMs: 20, timeoutMs: 600_000 });
    const t3 = performance.now();
    const results = await fetchResults(requester, stack.market, deal);
    const t4 = performance.now();
    if (deal.status !== 'completed' || results.length !== n) throw new Error(`bag of ${n}: ${deal.status}, ${results.length} results`);
    return { total: t4 - t0, publish: t1 - t0, match: t2 - t1, execute: t3 - t2, fetch: t4 - t3, batches: deal.batches.length };
  };
  // Latency: one trivial task (100 Monte Carlo paths), request -> verified result.
  await runBag(1, 100); // warm the module caches
  const lat: Awaited<ReturnType<typeof runBag>>[] = [];
  for (let i = 0; i < Number(v.latencyRuns); i++) lat.push(await runBag(1, 100));
  const m = (k: keyof (typeof lat)[0]) => median(lat.map((r) => r[k])).toFixed(0);
  const latency = [
    '## Latency of one task (whole stack)',
    '',
    `Machine: ${machineLine()}. ${workers} worker processes, anvil automine, HTTP polling every 20 ms.`,
    '',
    '| step | median ms |',
    '|---|---:|',
    `| sign + publish the request (inputs uploaded) | ${m('publish')} |`,
    `| matched on chain (scheduler) | ${m('match')} |`,
    `| executed in the sandbox + pushed on chain | ${m('execute')} |`,
    `| results fetched and verified against the chain | ${m('fetch')} |`,
    `| **request to verified result** (target < 1,000 ms) | **${m('total')}** |`,
    '',
  ].join('\n');
  console.log(latency);
  // Throughput: bags of small tasks (1,000 Monte Carlo paths each).
  const rows: string[] = [];
  const rates = new Map<number, number>();
  for (const n of sizes) {
    // Bags up to 1,000 tasks run a few seconds at most: three runs, the median reported with the range.
    const runs: Awaited<ReturnType<typeof runBag>>[] = [];
    for (let i = 0; i < (n <= 1000 ? 3 : 1); i++) runs.push(await runBag(n, 1000));
    runs.sort((a, b) => a.total - b.total);
    const r = runs[Math.floor(runs.length / 2)]!;
    const rate = n / (r.total / 1000);
    rates.set(n, rate);
    const range = runs.length > 1 ? ` (${(n / (runs.at(-1)!.total / 1000)).toFixed(0)}–${(n / (runs[0]!.total / 1000)).toFixed(0)})` : '';
    rows.push(
      `| ${n.toLocaleString('en-US')} | ${runs.length} | ${r.batches} | ${(r.total / 1000).toFixed(2)} | ${rate.toFixed(0)}${range} |`,
    );
    console.log(rows.at(-1), JSON.stringify(r));
  }
  const throughput = [
    '## Throughput of bags of small tasks (whole stack)',
    '',
    `Machine: ${machineLine()}. Anvil, the scheduler and ${workers} worker processes (1 sandbox thread each) share the cores.`,
    'Each task is one Monte Carlo run of 1,000 paths; time runs from signing the request to having every result fetched and',
    'verified against the batch roots on chain. Target: >= 200 tasks/s at 1,000 tasks (a BOINC server: ~100 tasks/s).',
    'Bags of up to 1,000 tasks run three times: the median run, with the range of tasks/s over the three.',
    '',
    '| tasks | runs | batches (txs) | seconds (median) | tasks/s (range) |',
    '|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
  const totalMs = median(lat.map((r) => r.total));
  writeSection('latency', latency, [
    { target: 'one task, request to verified result < 1 s', figure: `${totalMs.toFixed(0)} ms median`, met: totalMs < 1000 },
  ]);
  const at1000 = rates.get(1000);
  if (at1000 !== undefined) {
    const at10000 = rates.get(10000);
    writeSection('throughput', throughput, [
      {
        target: '>= 200 tasks/s at 1,000 tasks through the whole stack on 2 cores (a BOINC server: ~100/s)',
        figure: `${at1000.toFixed(0)} tasks/s${at10000 ? ` (${at10000.toFixed(0)} at 10,000)` : ''}`,
        met: at1000 >= 200,
      },
    ]);
  } else writeSection('throughput', throughput);
} finally {
  await stack.stop();
}
