import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

const gateway = [
  '--gateway <url>',
  'a services gateway (default: $PROOFGRID_GATEWAY, else the market service, which serves the gateway routes)',
] as const;

/** `proofgrid service deploy|resolve|call|status|endpoints|deposit|withdraw|redeem|close`: long-running services (decision 029). */
export function serviceCommand(program: Command) {
  const service = program.command('service').description('long-running services: leases, svc:<id> resolution, paid calls (decision 029)');
  service
    .command('deploy')
    .description('open a lease of an app on your workerpool: a price per call, an SLA and a bond (prints the service id)')
    .requiredOption('--workerpool <id>', 'your workerpool')
    .requiredOption('--app <id>', 'the app to serve (its module answers /in/request on stdout)')
    .requiredOption('--price <tokens>', 'price per call')
    .option('--latency-ms <ms>', 'SLA: p99 answer time', '500')
    .option('--availability <percent>', 'SLA: share of calls answered', '99')
    .option('--bond <tokens>', 'bond, returned on close', '0')
    .addHelpText('after', examples('proofgrid service deploy --workerpool 1 --app 3 --price 0.000001 --bond 1 --as poolOwner'))
    .action(lazy(() => import('./deploy.action.ts')));
  service
    .command('resolve <service>')
    .description("the lease's terms and its live endpoints (signed records, verified against the provider) with their health")
    .option(...gateway)
    .addHelpText('after', examples('proofgrid service resolve svc:1 --gateway http://127.0.0.1:8080'))
    .action(lazy(() => import('./resolve.action.ts')));
  service
    .command('call <service>')
    .description('call a service through a gateway, paying with a new signed cumulative usage receipt')
    .option(...gateway)
    .option('--data <text>', 'the request (default: stdin)')
    .option('--file <file>', 'the request, from a file')
    .addHelpText('after', examples("proofgrid service call svc:1 --data '0.5,-1,0.25,2' --as requester"))
    .action(lazy(() => import('./call.action.ts')));
  service
    .command('status <service>')
    .description("a lease on chain, and a client's deposit on it (default: the signer): balance, lock, redeemed, paused")
    .option('--client <address>', 'the client (default: the signer)')
    .addHelpText('after', examples('proofgrid service status svc:1 --as requester'))
    .action(lazy(() => import('./status.action.ts')));
  service
    .command('endpoints <service>')
    .description('list the endpoints a gateway routes to; as the provider, publish (add, move) or drain one')
    .option(...gateway)
    .option('--publish <url>', 'sign and publish a record of this endpoint')
    .option('--drain <url>', 'sign and publish a drain of this endpoint')
    .option('--ttl <seconds>', 'how long a published record lives', '300')
    .addHelpText('after', examples('proofgrid service endpoints svc:1 --publish http://10.0.0.5:7001 --as poolOwner'))
    .action(lazy(() => import('./endpoints.action.ts')));
  service
    .command('deposit <service> <amount>')
    .description('fund (or top up) your time-locked deposit for a lease; a top-up resumes a paused lease')
    .option('--lock <seconds>', 'lock the deposit this long from now (the provider redeems within it)', '86400')
    .addHelpText('after', examples('proofgrid service deposit svc:1 0.01 --as requester'))
    .action(lazy(() => import('./deposit.action.ts')));
  service
    .command('withdraw <service> <amount>')
    .description("take back your unused deposit once its lock has passed ('all' for the whole balance)")
    .addHelpText('after', examples('proofgrid service withdraw svc:1 all --as requester'))
    .action(lazy(() => import('./withdraw.action.ts')));
  service
    .command('close <service>')
    .description('as the provider: close the lease (no more deposits; receipts still redeem) and take the bond back')
    .addHelpText('after', examples('proofgrid service close svc:1 --as poolOwner'))
    .action(lazy(() => import('./close.action.ts')));
  service
    .command('redeem <service>')
    .description('as the provider: redeem the newest receipts an endpoint holds, in one transaction')
    .requiredOption('--from <url...>', 'the serving endpoints to collect receipts from')
    .addHelpText('after', examples('proofgrid service redeem svc:1 --from http://127.0.0.1:7001 --as poolOwner'))
    .action(lazy(() => import('./redeem.action.ts')));
}
