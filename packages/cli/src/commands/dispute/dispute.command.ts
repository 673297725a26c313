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
    .description("challenge a task's optimistic answer inside its window: locks its deposit from your escrow, opens a game")
    .addHelpText('after', examples('proofgrid dispute challenge 0x5c… 1 --as worker1'))
    .action(lazy(() => import('./challenge.action.ts')));
  dispute
    .command('resolve <dealId> <index> <challenge>')
    .description("once a challenge's game is over, move the loser's deposit to the winner (anyone may)")
    .addHelpText('after', examples('proofgrid dispute resolve 0x5c… 1 0 --as requester'))
    .action(lazy(() => import('./resolve.action.ts')));
  dispute
    .command('finalize <dealId> <index>')
    .description('pay a resolved answer, or refund the requester of an overturned one (anyone may)')
    .addHelpText('after', examples('proofgrid dispute finalize 0x5c… 1 --as requester'))
    .action(lazy(() => import('./finalize.action.ts')));
}
