import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid dispute list|show|challenge|resolve|finalize`: challenges of results and their games (decision 026). */
export function disputeCommand(program: Command) {
  const dispute = program
    .command('dispute')
    .description('challenges of optimistic answers and of replicated batches, their dispute games, and their outcome');
  dispute
    .command('list')
    .description("a deal's challenges: task, subject, challenger, game, status, the answer's ECM state, deposits")
    .requiredOption('--deal <dealId>', 'the deal')
    .addHelpText('after', examples('proofgrid dispute list --deal 0x5c…'))
    .action(lazy(() => import('./list.action.ts')));
  dispute
    .command('show <dealId> <index>')
    .description("a task's answer (ECM state, window), its challenges and their games' moves, as a timeline")
    .addHelpText('after', examples('proofgrid dispute show 0x5c… 1', 'proofgrid dispute show 0x5c… 1 --json'))
    .action(lazy(() => import('./show.action.ts')));
  dispute
    .command('challenge <dealId> <index>')
    .description(
      "challenge a task's optimistic answer inside its window, or (--batch) a task of a finalized replicated batch inside its rollback window: locks a deposit from your escrow, opens a game",
    )
    .option('--batch <first:count>', "the task is in the finalized replicated batch [first, first + count); the deal's scheduler defends")
    .option(
      '--evidence <file.json>',
      "with --batch: { outputDigest, claim: { startRoot, steps, endRoot }, digests: [every task's agreed digest] or proof: [...] }",
    )
    .addHelpText(
      'after',
      examples(
        'proofgrid dispute challenge 0x5c… 1 --as worker1',
        'proofgrid dispute challenge 0x5c… 3 --batch 0:4 --evidence task3.json --as verifier',
      ),
    )
    .action(lazy(() => import('./challenge.action.ts')));
  dispute
    .command('resolve <dealId> <index> <challenge>')
    .description("once a challenge's game is over, move the loser's deposit to the winner (anyone may)")
    .option('--batch <first:count>', 'the challenge is of the batch [first, first + count) holding the task')
    .addHelpText('after', examples('proofgrid dispute resolve 0x5c… 1 0 --as requester', 'proofgrid dispute resolve 0x5c… 3 0 --batch 0:4'))
    .action(lazy(() => import('./resolve.action.ts')));
  dispute
    .command('finalize <dealId> <index>')
    .description('pay a resolved answer, or refund the requester of an overturned one (anyone may)')
    .addHelpText('after', examples('proofgrid dispute finalize 0x5c… 1 --as requester'))
    .action(lazy(() => import('./finalize.action.ts')));
}
