import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid pool list|show|workers`: workerpools and the workers of this market's pool. */
export function poolCommand(program: Command) {
  const pool = program.command('pool').description('workerpools: registry entries, offers, and the workers of the pool this market serves');
  pool
    .command('list')
    .description('every registered workerpool, its cheapest offer, and which one this market serves')
    .addHelpText('after', examples('proofgrid pool list'))
    .action(lazy(() => import('./list.action.ts')));
  pool
    .command('show <workerpool>')
    .description("a workerpool's registry entry, policy, resources and offers (and live status when this market serves it)")
    .addHelpText('after', examples('proofgrid pool show 1 --json'))
    .action(lazy(() => import('./show.action.ts')));
  pool
    .command('workers')
    .description("the workers registered with this market's scheduler")
    .addHelpText('after', examples('proofgrid pool workers'))
    .action(lazy(() => import('./workers.action.ts')));
}
