import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid explain <requestHash>`: why a request is or is not matched, clause by clause. */
export function explainCommand(program: Command) {
  program
    .command('explain <requestHash>')
    .description(
      "why a request is or is not matched: per candidate app, dataset and pool order every failing clause (price, volume, tag, category, trust, each restriction, the requester's funds, each requirement against the pool's workers) with how many candidates fail it, and the smallest change that would match",
    )
    .option('--candidates <n>', 'candidate orders to list (the counts cover all of them)', '10')
    .addHelpText('after', examples('proofgrid explain 0x5c…', 'proofgrid explain 0x5c… --json'))
    .action(lazy(() => import('./explain.action.ts')));
}
