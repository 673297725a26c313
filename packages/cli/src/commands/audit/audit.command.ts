import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid audit <dealId>`: a deal's history replayed from the chain logs. */
export function auditCommand(program: Command) {
  program
    .command('audit <dealId>')
    .description(
      'replay a deal from the chain logs alone: match, contributions, consensus, reveals, finalization, payout, judgements, reputation',
    )
    .addHelpText('after', examples('proofgrid audit 0x5c…', 'proofgrid audit 0x5c… --json'))
    .action(lazy(() => import('./audit.action.ts')));
}
