// One fault-injection run: a stack behind proxies, deals submitted while the nemesis runs, then
// the nemesis heals everything and the checker looks at what the chain and the market say.
import { readFileSync } from 'node:fs';
import { requestRun, waitForDeal } from '@proofgrid/sdk';
import {
  type CheckReport,
  MONTECARLO,
  type NemesisOptions,
  type NemesisReport,
  PRICE,
  checkRun,
  formatCheck,
  formatFaults,
  mcTasks,
  retry,
  runNemesis,
  setupMarket,
  startStack,
} from '@proofgrid/testkit';

export type Scenario = {
  seed: number;
  workers: number;
  leaseTtlMs?: number;
  /** Nemesis settings (the seed is the scenario's). */
  nemesis: Omit<NemesisOptions, 'seed' | 'log'>;
  /** Deals to submit: `tasks` montecarlo tasks of `paths` samples, `at` ms after the faults start. */
  deals: { at: number; tasks: number; paths: number; trust?: number }[];
  quiesceMs: number;
  log?: (line: string) => void;
};

export type ScenarioResult = { faults: NemesisReport; check: CheckReport; submitted: number; seconds: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runScenario(s: Scenario): Promise<ScenarioResult> {
  const log = s.log ?? ((l: string) => console.log(l));
  const t0 = Date.now();
  const stack = await startStack({ workers: s.workers, leaseTtlMs: s.leaseTtlMs ?? 1500, proxies: { seed: s.seed } });
  try {
    const { requester, app } = await setupMarket(stack);
    const nemesis = runNemesis(stack, { ...s.nemesis, seed: s.seed, log });
    const started = Date.now();
    let submitted = 0;
    const submissions = s.deals.map(async (d, n) => {
      await sleep(Math.max(0, d.at - (Date.now() - started)));
      const { requestHash } = await retry(
        () =>
          requestRun(requester, stack.market, {
            app,
            tasks: mcTasks(d.tasks, d.paths),
            trust: d.trust,
            appMaxPrice: PRICE,
            workerpoolMaxPrice: PRICE,
            publicResults: true, // the checker reads every stdout from the store
          }),
        60_000,
      );
      submitted++;
      const dealId = await retry(() => waitForDeal(stack.market, requestHash, { timeoutMs: 20_000 }), 120_000);
      log(
        `[deals +${((Date.now() - started) / 1000).toFixed(1)}s] deal ${n}: ${d.tasks} tasks${d.trust ? ` trust ${d.trust}` : ''} matched as ${dealId.slice(0, 10)}…`,
      );
    });
    const faults = await nemesis.done;
    await Promise.all(submissions);
    log(formatFaults(faults));
    const check = await checkRun(stack, requester, {
      module: readFileSync(MONTECARLO),
      quiesceMs: s.quiesceMs,
      validate: (args, stdout) => {
        try {
          const out = JSON.parse(new TextDecoder().decode(stdout)) as { samples?: number };
          return out.samples === Number(args[5]) ? undefined : `stdout has ${out.samples} samples, not ${args[5]}`;
        } catch {
          return 'stdout is not JSON';
        }
      },
    });
    log(formatCheck(check));
    if (check.problems.length || faults.crashes.length) log(`--- process logs (tail)\n${stack.logs().slice(-6000)}`);
    return { faults, check, submitted, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await stack.stop();
  }
}
