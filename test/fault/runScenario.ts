// Runs one fault scenario in its own process and prints `RESULT <json>`, then exits at once: the
// nemesis leaves sockets, timers and child processes behind by design, and a process that owns
// them must not outlive its result (the test that spawns it asserts on the printed result).
//   node --import tsx test/fault/runScenario.ts '<Scenario as JSON>'
import { type Scenario, runScenario } from './scenario.ts';

const scenario = JSON.parse(process.argv[2] as string) as Scenario;
try {
  const r = await runScenario({ ...scenario, log: (line) => console.error(line) });
  process.stdout.write(`RESULT ${JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`, () => process.exit(0));
} catch (err) {
  console.error(`scenario failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
}
