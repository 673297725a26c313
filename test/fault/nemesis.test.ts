// Fault injection (reliability plan, part D): a nemesis SIGKILLs / SIGSTOPs workers, SIGKILLs the
// scheduler, and delays, drops and partitions the worker->scheduler and service->chain links while
// deals run; once it heals everything, the checker proves nothing was lost, paid twice or wrong.
//   short tier: every `npm test` (fixed seed, ~30 s of faults)
//   long tier:  PROOFGRID_SOAK=1 (minutes of faults, more deals); PROOFGRID_FAULT_SEED=n changes the seed
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import type { Scenario, ScenarioResult } from './scenario.ts';

/** Runs the scenario in a child process (see runScenario.ts), killed if it outlives `timeoutMs`. */
function runScenario(s: Scenario, timeoutMs: number): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./runScenario.ts', import.meta.url).pathname, JSON.stringify(s)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice(7)) as ScenarioResult);
      else reject(new Error(`the scenario process ended (${signal ?? `exit ${code}`}) without a result`));
    });
  });
}

const seedFrom = (fallback: number) => Number(process.env.PROOFGRID_FAULT_SEED ?? fallback);

function assertClean({ check, faults, submitted }: ScenarioResult, deals: number) {
  assert.ok(faults.faults.length > 0, 'the nemesis injected faults');
  assert.ok(submitted >= deals, 'every deal was submitted');
  assert.ok(check.deals.length >= deals, `every deal matched (${check.deals.length} of ${deals})`);
  assert.equal(check.lost, 0, 'no task lost: every task settled or refunded on chain');
  assert.equal(check.doublePaid, 0, 'no task paid or refunded twice');
  assert.equal(check.wrong, 0, 'every finalized result equals the local reference run');
  assert.equal(check.unverified, 0, 'every finalized result fetched and verified against the chain root');
  assert.equal(check.stuck, 0, 'every deal ended once the faults healed');
  assert.ok(check.escrow.conserved, 'escrow conserved: Σ balance + locked == token.balanceOf(hub)');
  assert.deepEqual(check.problems, []);
}

describe('fault injection: nemesis + checker (real processes, loopback proxies)', () => {
  test('short tier: 3 workers, 4 deals (one replicated, trust 3), ~30 s of faults: nothing lost, paid twice or wrong; escrow conserved', {
    timeout: 180_000,
  }, async () => {
    const deals = [
      { at: 0, tasks: 30, paths: 100_000 },
      { at: 6_000, tasks: 40, paths: 100_000 },
      { at: 12_000, tasks: 24, paths: 100_000, trust: 3 },
      { at: 18_000, tasks: 50, paths: 100_000 },
    ];
    const r = await runScenario(
      {
        seed: seedFrom(1),
        workers: 3,
        nemesis: { durationMs: 30_000, meanIntervalMs: 1_200, faultMs: [1_000, 4_000] },
        deals,
        quiesceMs: 45_000,
      },
      170_000,
    );
    console.log(`short tier done in ${r.seconds.toFixed(0)} s`);
    assertClean(r, deals.length);
  });

  if (process.env.PROOFGRID_SOAK === '1') {
    test('long tier (PROOFGRID_SOAK=1): 4 workers, 16 deals (4 replicated), 4 min of faults', { timeout: 900_000 }, async () => {
      // Every fourth deal replicated (trust 3): contributions and reveals under faults.
      const deals = Array.from({ length: 16 }, (_, i) => ({
        at: i * 14_000,
        tasks: 20 + ((i * 17) % 60),
        paths: 100_000 + ((i * 37) % 5) * 100_000,
        ...(i % 4 === 2 ? { trust: 3 } : {}),
      }));
      const r = await runScenario(
        {
          seed: seedFrom(42),
          workers: 4,
          nemesis: { durationMs: 240_000, meanIntervalMs: 900, faultMs: [1_000, 6_000] },
          deals,
          quiesceMs: 120_000,
        },
        880_000,
      );
      console.log(`long tier done in ${r.seconds.toFixed(0)} s`);
      assertClean(r, deals.length);
    });
  }
});
