// Scheduler under many workers (issue 8): N simulated workers register (signed), heartbeat and ask
// for leases against a real scheduler process; reports heartbeats/s held, lease assignment latency
// and the scheduler's memory.   npm run bench:scheduler [-- --workers 1000,5000]
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { privateKeyToAccount } from 'viem/accounts';
import { keccak256, toHex } from 'viem';
import { requestRun, waitForDeal } from '@proofgrid/sdk';
import { registrationMessage } from '@proofgrid/sdk/api';
import { PRICE, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';
import { machineLine } from './lib/machine.ts';
import { writeReport } from './lib/writeReport.ts';

const { values: v } = parseArgs({ options: { workers: { type: 'string', default: '1000,5000' }, seconds: { type: 'string', default: '5' } } });
const sizes = (v.workers as string).split(',').map(Number);
const seconds = Number(v.seconds);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] as number;

const rows: string[] = [];
for (const n of sizes) {
  const stack = await startStack({ workers: 0, leaseTtlMs: 5000, schedulerArgs: ['--max-batch', '1'] });
  try {
    const url = stack.market.url;
    const post = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    // Register n workers, 32 at a time.
    const t0 = performance.now();
    const tokens: string[] = [];
    for (let i = 0; i < n; i += 32) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(32, n - i) }, async (_, j) => {
          const account = privateKeyToAccount(keccak256(toHex(`sim worker ${i + j}`)));
          const timestamp = Math.floor(Date.now() / 1000);
          const signature = await account.signMessage({ message: registrationMessage(account.address, timestamp) });
          const r = await post('/v1/workers/register', { address: account.address, resources: { cpus: 1 + ((i + j) % 8), memoryMb: 512 * (1 + ((i + j) % 8)) }, timestamp, signature });
          return r.token as string;
        }),
      );
      tokens.push(...batch);
    }
    const registerS = (performance.now() - t0) / 1000;
    // Heartbeats: every worker, round robin, 64 in flight, for `seconds`.
    let beats = 0;
    const hbEnd = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 64 }, async (_, lane) => {
        for (let i = lane; performance.now() < hbEnd; i += 64) {
          await post('/v1/workers/heartbeat', { leases: [] }, tokens[i % n]);
          beats++;
        }
      }),
    );
    const beatRate = beats / seconds;
    const needed = n / 1.25; // each worker beats every TTL/4 = 1.25 s
    // Assignment latency: a deal of 2,000 single-task batches; workers ask for leases.
    const { app, requester } = await setupMarket(stack);
    const { requestHash } = await requestRun(requester, stack.market, { app, tasks: mcTasks(2000), appMaxPrice: PRICE, workerpoolMaxPrice: PRICE });
    await waitForDeal(stack.market, requestHash);
    await new Promise((r) => setTimeout(r, 500));
    const lat: number[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, lane) => {
        for (let i = lane; i < Math.min(n, 2000); i += 16) {
          const s = performance.now();
          const r = await post('/v1/leases/next', {}, tokens[i]);
          if (r.lease) lat.push(performance.now() - s);
        }
      }),
    );
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const rss = Number(/proofgrid_scheduler_process_resident_memory_bytes (\d+)/.exec(metrics)?.[1] ?? 0) / 2 ** 20;
    const online = (await stack.market.status()).workers.online;
    rows.push(`| ${n.toLocaleString('en-US')} | ${registerS.toFixed(1)} | ${beatRate.toFixed(0)} | ${needed.toFixed(0)} | ${beatRate >= needed ? 'yes' : 'no'} | ${online} | ${lat.length} | ${pct(lat, 0.5).toFixed(1)} | ${pct(lat, 0.99).toFixed(1)} | ${rss.toFixed(0)} |`);
    console.log(rows.at(-1));
  } finally {
    await stack.stop();
  }
}
const md = [
  '## Scheduler with simulated workers',
  '',
  `Machine: ${machineLine()}. One scheduler process (SQLite, WAL); the simulated workers run in the bench process over HTTP`,
  '(64 heartbeats in flight, 16 lease requests in flight), sharing the same 2 cores. Lease TTL 5 s, so each worker must',
  'beat every 1.25 s: "held" says whether the measured rate covers all of them. Assignment latency is the time of',
  '`POST /v1/leases/next` that returned a lease, with a deal of 2,000 single-task batches pending.',
  '',
  '| workers | register all (s) | heartbeats/s | needed/s | held | online | leases | assign p50 ms | assign p99 ms | scheduler RSS MiB |',
  '|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|',
  ...rows,
  '',
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/scheduler.md', md);
writeReport();
console.log(md);
