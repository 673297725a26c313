// Memory of each service (issue 8): resident set size of anvil, the scheduler, the secret service
// and each worker, idle and after a 1,000-task bag.   npm run bench:memory
import { readFileSync } from 'node:fs';
import { parseEther } from 'viem';
import { deposit, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';
import { machineLine } from './lib/machine.ts';
import { writeSection } from './lib/summary.ts';

const rssMiB = (pid: number | undefined) => {
  if (!pid) return NaN;
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
};
const stack = await startStack({ workers: 4, secrets: true, leaseTtlMs: 10_000 });
try {
  const sample = () => {
    const rows: [string, number][] = [
      ['anvil (chain)', rssMiB(stack.devnet.anvil?.process.pid)],
      ['scheduler + orderbook', rssMiB(stack.scheduler.proc.child.pid)],
      ['secret service', rssMiB((stack as unknown as { secrets?: { proc: { child: { pid?: number } } } }).secrets?.proc.child.pid)],
      ...stack.workers.map((w, i) => [`worker ${i}`, rssMiB(w.child.pid)] as [string, number]),
    ];
    return rows;
  };
  await new Promise((r) => setTimeout(r, 1000));
  const idle = sample();
  const { app, requester } = await setupMarket(stack);
  await deposit(requester, { amount: parseEther('100') });
  const { requestHash } = await requestRun(requester, stack.market, {
    app,
    tasks: mcTasks(1000, 1000),
    appMaxPrice: PRICE,
    workerpoolMaxPrice: PRICE,
    publicResults: true, // like for like with the baseline and the anchors: results in the clear
  });
  await waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs: 300_000 });
  const busy = sample();
  const md = [
    '## Memory of each service',
    '',
    `Machine: ${machineLine()}. Resident set size (VmRSS) of each process of a local market (4 workers, 1 sandbox thread`,
    'each), idle after start-up and after a 1,000-task bag.',
    '',
    '| process | idle MiB | after 1,000 tasks MiB |',
    '|---|---:|---:|',
    ...idle.map(([name, mb], i) => `| ${name} | ${mb.toFixed(0)} | ${(busy[i]?.[1] ?? NaN).toFixed(0)} |`),
    '',
  ].join('\n');
  writeSection('memory', md);
  console.log(md);
} finally {
  await stack.stop();
}
