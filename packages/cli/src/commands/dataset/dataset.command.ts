import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid dataset publish|list`: datasets rented out per task. */
export function datasetCommand(program: Command) {
  const dataset = program.command('dataset').description('publish and list datasets (rented per task, never handed over)');
  dataset
    .command('publish <file>')
    .description('store the file by content hash, register the dataset on chain and publish a dataset order')
    .requiredOption('--name <name>', 'dataset name in the registry')
    .requiredOption('--price <tokens>', 'price per task, in tokens')
    .option('--volume <n>', 'tasks the dataset order may be used for', '1000000')
    .addHelpText('after', examples('proofgrid dataset publish prices.csv --name prices --price 0.005 --as dataOwner'))
    .action(lazy(() => import('./publish.action.ts')));
  dataset
    .command('list')
    .description('datasets with open dataset orders on the market, with their registry entry')
    .option('--all', 'every registered dataset, with or without an open order')
    .addHelpText('after', examples('proofgrid dataset list', 'proofgrid dataset list --all --json'))
    .action(lazy(() => import('./list.action.ts')));
}
