import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid wallet address|balance|deposit|withdraw`: the signer's tokens and escrow. */
export function walletCommand(program: Command) {
  const wallet = program.command('wallet').description('your address, token and escrow balances, deposits and withdrawals');
  wallet
    .command('address')
    .description("print the signer's address")
    .addHelpText('after', examples('proofgrid wallet address --as requester'))
    .action(lazy(() => import('./address.action.ts')));
  wallet
    .command('balance [address]')
    .description('token wallet, free and locked escrow balances, reputation score and ETH (default: the signer)')
    .addHelpText(
      'after',
      examples('proofgrid wallet balance --as requester', 'proofgrid wallet balance 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --json'),
    )
    .action(lazy(() => import('./balance.action.ts')));
  wallet
    .command('deposit <amount>')
    .description('move tokens from the wallet into the escrow (approves the hub first when needed)')
    .addHelpText('after', examples('proofgrid wallet deposit 10 --as requester'))
    .action(lazy(() => import('./deposit.action.ts')));
  wallet
    .command('withdraw <amount>')
    .description('move free escrow tokens back to the wallet')
    .option('--to <address>', 'send to this address instead of the signer')
    .addHelpText('after', examples('proofgrid wallet withdraw 2.5 --as developer'))
    .action(lazy(() => import('./withdraw.action.ts')));
}
