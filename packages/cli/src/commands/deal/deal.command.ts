import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid deal list|show`: deals matched on chain and followed by the market. */
export function dealCommand(program: Command) {
  const deal = program.command('deal').description('follow deals: status, task counts, batches, why work is waiting');
  deal
    .command('list')
    .description("the market's deals, newest first")
    .option('--requester <address>', 'only deals of this requester')
    .option('--mine', "only the signer's deals")
    .addHelpText('after', examples('proofgrid deal list', 'proofgrid deal list --mine --as requester --json'))
    .action(lazy(() => import('./list.action.ts')));
  deal
    .command('show <dealId>')
    .description('one deal: terms, status, task counts, batches and why work waits (from the market, or the chain alone)')
    .addHelpText('after', examples('proofgrid deal show 0x5c…'))
    .action(lazy(() => import('./show.action.ts')));
  deal
    .command('callbacks <dealId>')
    .description(
      "deliver each task's result digest of the deal's multi-task batches to its callback contract, proven on chain against the batch root (P7; anyone may, the scheduler does it too)",
    )
    .addHelpText('after', examples('proofgrid deal callbacks 0x5c… --as requester'))
    .action(lazy(() => import('./callbacks.action.ts')));
}
