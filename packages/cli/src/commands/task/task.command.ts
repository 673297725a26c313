import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid task show|result`: one task of a deal. */
export function taskCommand(program: Command) {
  const task = program.command('task').description('one task of a deal: its status, and its verified result');
  task
    .command('show <dealId> <index>')
    .description('status on the market and on chain, workers, attempts and digest of one task')
    .addHelpText('after', examples('proofgrid task show 0x5c… 0'))
    .action(lazy(() => import('./show.action.ts')));
  task
    .command('result <dealId> <index>')
    .description("download one task's result, verified against its digest and the batch root agreed on chain")
    .option('--out <path>', 'write stdout to this file (a task with output files: a directory holding stdout and the files)')
    .addHelpText('after', examples('proofgrid task result 0x5c… 3', 'proofgrid task result 0x5c… 0 --out frame-0.png'))
    .action(lazy(() => import('./result.action.ts')));
}
