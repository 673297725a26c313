// Scheduler under many workers (issue 8): N simulated workers register (signed), heartbeat and ask
// for leases against a real scheduler process; reports heartbeats/s held, lease assignment latency
// and the scheduler's memory.   npm run bench:scheduler [-- --workers 1000,5000]
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { privateKeyToAccount } from 'viem/accounts';
import { keccak256, toHex } from 'viem';
import { requestRun, waitForDeal } from '@proofgrid/sdk';
import { registrationTypedData, zChallenge } from '@proofgrid/sdk/protocol';
import { PRICE, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';
import { machineLine } from './lib/machine.ts';
import { writeSection } from './lib/summary.ts';

const { values: v } = parseArgs({
  options: { workers: { type: 'string', default: '1000,5000' }, seconds: { type: 'string', default: '5' } },
});
const sizes = (v.workers as string).split(',').map(Number);
const seconds = Number(v.seconds);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] as number;

const rows: string[] = [];
const held: { n: number; held: boolean; capacity: number; online: number }[] = [];
for (const n of sizes) {
  const stack = await startStack({ workers: 0, leaseTtlMs: 5000, schedulerArgs: ['--max-batch', '1'] });
  try {
    const url = stack.market.url;
    // The simulated workers share the cores with the scheduler, so they use a lean client
    // (node:http, keep-alive) rather than fetch, which cost the bench more CPU than the scheduler.
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const post = (path: string, body: unknown, token?: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const data = JSON.stringify(body);
        const headers = {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        };
        const req = request(`${url}${path}`, { method: 'POST', agent, headers }, (res) => {
          let out = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (out += d));
          res.on('end', () =>
            res.statusCode === 200 ? resolve(JSON.parse(out)) : reject(new Error(`${path}: HTTP ${res.statusCode} ${out}`)),
          );
        });
        req.on('error', reject);
        req.end(data);
      });
    // Register n workers, 32 at a time.
    const t0 = performance.now();
    const tokens: string[] = [];
    for (let i = 0; i < n; i += 32) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(32, n - i) }, async (_, j) => {
          const account = privateKeyToAccount(keccak256(toHex(`sim worker ${i + j}`)));
          // A one-time challenge, signed over with the scheduler's identity (docs/decisions/014).
          const c = zChallenge.parse(await post('/v1/workers/challenge', {}));
          const signature = await account.signTypedData(
            registrationTypedData({ ...c, worker: account.address, workerpool: BigInt(c.workerpool) }),
          );
          const r = await post('/v1/workers/register', {
            address: account.address,
            resources: { cpus: 1 + ((i + j) % 8), memoryMb: 512 * (1 + ((i + j) % 8)) },
            nonce: c.nonce,
            workerpool: c.workerpool,
            scheduler: c.scheduler,
            chainId: c.chainId,
            signature,
          });
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
    // Steady state: from now on every worker beats on its own clock, every 1.25 s (staggered), as
    // real workers do, while a deal is set up and leases are handed out; "online" is sampled.
    const hbLat: number[] = [];
    let steady = true;
    const beating = Promise.all(
      tokens.map(async (token, i) => {
        await sleep((1250 * i) / n);
        while (steady) {
          const s = performance.now();
          await post('/v1/workers/heartbeat', {}, token);
          hbLat.push(performance.now() - s);
          await sleep(Math.max(0, 1250 - (performance.now() - s)));
        }
      }),
    );
    const onlineSeen: number[] = [];
    const sampler = setInterval(() => void stack.market.status().then((st) => onlineSeen.push(st.workers.online)), 1000);
    // Assignment latency: a deal of 2,000 single-task batches; workers ask for leases.
    const { app, requester } = await setupMarket(stack);
    const { requestHash } = await requestRun(requester, stack.market, {
      app,
      tasks: mcTasks(2000),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      publicResults: true, // like for like with the baseline and the anchors: results in the clear
    });
    await waitForDeal(stack.market, requestHash);
    await sleep(500);
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
    await sleep(2000);
    clearInterval(sampler);
    steady = false;
    await beating;
    const online = Math.min(...onlineSeen.slice(1));
    agent.destroy();
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const rss = Number(/proofgrid_scheduler_process_resident_memory_bytes (\d+)/.exec(metrics)?.[1] ?? 0) / 2 ** 20;
    rows.push(
      `| ${n.toLocaleString('en-US')} | ${registerS.toFixed(1)} | ${beatRate.toFixed(0)} | ${needed.toFixed(0)} | ${online.toLocaleString('en-US')} | ${online === n ? 'yes' : 'no'} | ${pct(hbLat, 0.5).toFixed(1)} / ${pct(hbLat, 0.99).toFixed(1)} | ${lat.length} | ${pct(lat, 0.5).toFixed(1)} | ${pct(lat, 0.99).toFixed(1)} | ${rss.toFixed(0)} |`,
    );
    held.push({ n, held: online === n, capacity: beatRate, online });
    console.log(rows.at(-1));
  } finally {
    await stack.stop();
  }
}
const md = [
  '## Scheduler with simulated workers',
  '',
  `Machine: ${machineLine()}. One scheduler process (SQLite, WAL); the simulated workers run in one bench process over HTTP`,
  '(node:http, keep-alive), sharing the same 2 cores. Lease TTL 5 s (the default), so each worker beats every 1.25 s.',
  '"Capacity" is the heartbeat rate with 64 in flight, round robin over all workers; "needed" is what n workers send.',
  'Then every worker beats on its own 1.25 s clock while a deal of 2,000 single-task batches is matched and 16 lanes ask',
  'for leases (`POST /v1/leases/next`): "min online" is the lowest `/v1/status` count sampled each second (held = all n',
  'stayed online), with the heartbeat latency and the latency of each request that returned a lease.',
  '',
  '| workers | register all (s) | capacity hb/s | needed hb/s | min online | held | heartbeat p50 / p99 ms | leases | assign p50 ms | assign p99 ms | scheduler RSS MiB |',
  '|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|',
  ...rows,
  '',
].join('\n');
writeSection(
  'scheduler',
  md,
  held.map((h) => ({
    target: `one scheduler holds ${h.n.toLocaleString('en-US')} heartbeating workers (lease TTL 5 s) while it hands out leases`,
    figure: `${h.online.toLocaleString('en-US')} of ${h.n.toLocaleString('en-US')} stayed online; capacity ${h.capacity.toFixed(0)} heartbeats/s (${(h.n / 1.25).toFixed(0)} needed)`,
    met: h.held,
  })),
);
console.log(md);
