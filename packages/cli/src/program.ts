import { Command } from 'commander';
import { appCommand } from './commands/app/app.command.ts';
import { auditCommand } from './commands/audit/audit.command.ts';
import { datasetCommand } from './commands/dataset/dataset.command.ts';
import { dealCommand } from './commands/deal/deal.command.ts';
import { disputeCommand } from './commands/dispute/dispute.command.ts';
import { explainCommand } from './commands/explain/explain.command.ts';
import { orderCommand } from './commands/order/order.command.ts';
import { poolCommand } from './commands/pool/pool.command.ts';
import { resultCommand } from './commands/result/result.command.ts';
import { runCommand } from './commands/run/run.command.ts';
import { serviceCommand } from './commands/service/service.command.ts';
import { taskCommand } from './commands/task/task.command.ts';
import { walletCommand } from './commands/wallet/wallet.command.ts';
import { caFile, trustCa } from './trust.ts';

/**
 * The command tree, `proofgrid <noun> <verb>`, with the options every command takes. Errors are
 * thrown (exitOverride) so that main.ts reports them all the same way.
 */
export function createProgram(): Command {
  const program = new Command('proofgrid')
    .description('The command line of the Proofgrid compute market')
    .version('0.1.0')
    .option('--deployment <file>', 'deployment file (default: $PROOFGRID_DEPLOYMENT or .proofgrid/deployment.json)')
    .option('--market <url>', 'market service URL (default: $PROOFGRID_MARKET or .proofgrid/market.json)')
    .option('--key <hex>', 'private key that signs (default: $PROOFGRID_KEY)')
    .option(
      '--as <role>',
      'sign as a devnet account: admin, requester, developer, dataOwner, poolOwner, scheduler, worker0… (chain 31337 only)',
    )
    .option('--ca <file>', 'a CA certificate (PEM) to trust for https services (default: $PROOFGRID_CA or .proofgrid/tls/ca.pem)')
    .option('--json', 'print one JSON document on stdout (errors too)')
    .option('--verbose', 'print the cause chain of an error')
    .exitOverride()
    .configureOutput({ outputError: () => {} }) // main.ts prints the one error line
    .showHelpAfterError(false)
    // HTTPS services on a private CA (the devnet's): trusted before any command talks to them.
    .hook('preAction', async (_program, action) => {
      let flag: string | undefined;
      for (let c: Command | null = action; c && flag === undefined; c = c.parent) flag = c.opts().ca;
      const file = caFile(flag);
      if (file) await trustCa(file);
    });
  for (const add of [
    walletCommand,
    appCommand,
    datasetCommand,
    poolCommand,
    orderCommand,
    dealCommand,
    taskCommand,
    disputeCommand,
    runCommand,
    explainCommand,
    resultCommand,
    auditCommand,
    serviceCommand,
  ])
    add(program);
  return program;
}
