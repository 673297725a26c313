import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid order list|show|cancel`: the market's orderbook. */
export function orderCommand(program: Command) {
  const order = program.command('order').description('browse the orderbook and cancel your orders');
  order
    .command('list')
    .description('orders in the book, newest first')
    .option('--kind <kind>', 'app | dataset | workerpool | request')
    .option('--app <id>', 'only orders for this app')
    .option('--requester <address>', 'only request orders of this requester')
    .option('--status <status>', 'open | filled | cancelled | expired')
    .addHelpText('after', examples('proofgrid order list --kind app', 'proofgrid order list --kind request --requester 0x7099…79C8 --json'))
    .action(lazy(() => import('./list.action.ts')));
  order
    .command('show <hash>')
    .description('one order: its signed fields, signer and remaining volume')
    .addHelpText('after', examples('proofgrid order show 0x3f…'))
    .action(lazy(() => import('./show.action.ts')));
  order
    .command('cancel <hash>')
    .description('take your order off the book (a signed off-book cancel); --on-chain also cancels it on the hub for good')
    .option('--on-chain', 'also call the hub (cancel<Kind>Order): no deal can ever use the order again')
    .addHelpText('after', examples('proofgrid order cancel 0x3f… --as requester', 'proofgrid order cancel 0x3f… --on-chain --as developer'))
    .action(lazy(() => import('./cancel.action.ts')));
}
