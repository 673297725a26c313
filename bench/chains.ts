// The same 1,000-task bag on two EVM implementations (issue 20): anvil (Foundry) and Hardhat's EDR,
// each under the whole stack (scheduler + worker processes), and what the chain alone does per second.
//   npm run bench:chains [-- --tasks 1000 --runs 3 --workers 4 --txs 200]
// Writes bench/results/chains.md, then rebuilds BENCHMARKS.md.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Abi, parseEther } from 'viem';
import type { DevnetChain } from '@proofgrid/devnet';
import { deposit, fetchResults, requestRun, sendTransaction, tokenAbi, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, type Stack, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';
import { machineLine } from './lib/machine.ts';
import { writeSection } from './lib/summary.ts';

const { values: v } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    workers: { type: 'string', default: '4' },
    txs: { type: 'string', default: '200' },
  },
});
const tasks = Number(v.tasks);
const runs = Number(v.runs);
const workers = Number(v.workers);
const txs = Number(v.txs);

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

type Figures = { version: string; seconds: number[]; chainCpu: number; txPerSecond: number; callMs: number; batches: number };

async function measure(chain: DevnetChain): Promise<Figures> {
  const stack: Stack = await startStack({ workers, leaseTtlMs: 10_000, chain });
  try {
    const { app, requester } = await setupMarket(stack);
    await deposit(requester, { amount: parseEther('1000') });
    const version = String(await requester.public.request({ method: 'web3_clientVersion' } as never));
    const pid = stack.devnet.anvil?.process.pid;
    const runBag = async (n: number) => {
      const t0 = performance.now();
      const { requestHash } = await requestRun(requester, stack.market, {
        app,
        tasks: mcTasks(n, 1000),
        appMaxPrice: PRICE,
        workerpoolMaxPrice: PRICE,
        publicResults: true,
      });
      const dealId = await waitForDeal(stack.market, requestHash, { pollMs: 20 });
      const deal = await waitForDealEnd(stack.market, dealId, { pollMs: 20, timeoutMs: 600_000 });
      const results = await fetchResults(requester, stack.market, deal);
      if (deal.status !== 'completed' || results.length !== n)
        throw new Error(`${chain}: bag of ${n}: ${deal.status}, ${results.length} results`);
      return { seconds: (performance.now() - t0) / 1000, batches: deal.batches.length };
    };
    await runBag(10); // warm the module caches
    const seconds: number[] = [];
    let batches = 0;
    const cpu0 = cpuSeconds(pid);
    for (let i = 0; i < runs; i++) {
      const r = await runBag(tasks);
      seconds.push(r.seconds);
      batches = r.batches;
    }
    const chainCpu = (cpuSeconds(pid) - cpu0) / runs;
    // The chain alone: sequential transactions (send + receipt) and reads, from this process.
    const t0 = performance.now();
    for (let i = 0; i < txs; i++) {
      await sendTransaction(requester, {
        address: stack.deployment.token,
        abi: tokenAbi as Abi,
        functionName: 'approve',
        args: [stack.deployment.hub, BigInt(i)],
      });
    }
    const txPerSecond = txs / ((performance.now() - t0) / 1000);
    const t1 = performance.now();
    for (let i = 0; i < txs; i++) await requester.public.getBalance({ address: stack.accounts.requester.address });
    const callMs = (performance.now() - t1) / txs;
    return { version, seconds: seconds.sort((a, b) => a - b), chainCpu, txPerSecond, callMs, batches };
  } finally {
    await stack.stop();
  }
}

const figures = new Map<DevnetChain, Figures>();
for (const chain of ['anvil', 'edr'] as DevnetChain[]) {
  figures.set(chain, await measure(chain));
  console.log(chain, JSON.stringify(figures.get(chain)));
}
const row = (chain: DevnetChain) => {
  const f = figures.get(chain)!;
  const median = f.seconds[Math.floor(f.seconds.length / 2)]!;
  const range = `${(tasks / f.seconds.at(-1)!).toFixed(0)}–${(tasks / f.seconds[0]!).toFixed(0)}`;
  return `| ${chain} (\`${f.version}\`) | ${median.toFixed(2)} | ${(tasks / median).toFixed(0)} (${range}) | ${f.batches} | ${f.chainCpu.toFixed(2)} | ${f.txPerSecond.toFixed(0)} | ${f.callMs.toFixed(2)} |`;
};
const tps = (chain: DevnetChain) => {
  const f = figures.get(chain)!;
  return tasks / f.seconds[Math.floor(f.seconds.length / 2)]!;
};
const section = [
  '## The same bag on two EVM implementations (anvil and EDR)',
  '',
  `Machine: ${machineLine()}. The whole stack (the scheduler and ${workers} worker processes) over each chain in turn, both`,
  `from npm, automine, prague, chain id 31337. A bag of ${tasks.toLocaleString('en-US')} tasks (Monte Carlo, 1,000 paths each) from`,
  `signing the request to every result fetched and verified, ${runs} runs after a 10-task warm-up: the median, with the range`,
  `of tasks/s. "chain CPU" is the node process's user + system seconds per bag (from /proc). The chain alone: ${txs}`,
  'sequential token approvals (send, then wait for the receipt) and as many `eth_getBalance` reads from one client.',
  '',
  '| chain | seconds (median) | tasks/s (range) | batches (txs) | chain CPU s per bag | txs/s, send + receipt | ms per read |',
  '|---|---:|---:|---:|---:|---:|---:|',
  row('anvil'),
  row('edr'),
  '',
  'EDR serves JSON-RPC through a small node:http server in its own process (packages/devnet/src/edr/server.ts, decision',
  "028): its figures include that server's JSON parsing, which anvil does natively.",
  '',
].join('\n');
console.log(section);
writeSection('chains', section, [
  {
    target: 'the same 1,000-task bag on anvil and on a second EVM implementation (issue 20)',
    figure: `anvil ${tps('anvil').toFixed(0)} tasks/s, EDR ${tps('edr').toFixed(0)} tasks/s`,
    met: figures.size === 2,
  },
]);
