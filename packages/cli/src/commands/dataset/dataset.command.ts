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
    .command('encrypt <file>')
    .description('encrypt a dataset client-side (AES-256-GCM) with a fresh key; publish the ciphertext, keep the key')
    .option('--out <file>', 'ciphertext file (default <file>.pgd)')
    .option('--key-file <file>', 'use this existing 32-byte hex key instead of a fresh one')
    .option('--key-out <file>', 'where to write the fresh key, mode 0600 (default <out>.key)')
    .addHelpText(
      'after',
      examples(
        'proofgrid dataset encrypt train.csv --out train.pgd',
        'proofgrid dataset publish train.pgd --name train --price 0.01 --as dataOwner',
      ),
    )
    .action(lazy(() => import('./encrypt.action.ts')));
  const restrictionOptions = (c: Command) =>
    c
      .option('--app <id>', 'only deals running this app get the key')
      .option('--workerpool <id>', 'only deals on this workerpool get the key')
      .option('--requester <address>', 'only deals of this requester get the key')
      .option('--secrets <url>', 'secret service (default $PROOFGRID_SECRETS or .proofgrid/secrets.json)');
  restrictionOptions(
    dataset
      .command('push-secret <datasetId>')
      .description("hand the dataset's key to the secret service, bound to the dataset id by your signature, with optional restrictions")
      .requiredOption('--key-file <file>', 'the key written by `dataset encrypt`'),
  )
    .addHelpText('after', examples('proofgrid dataset push-secret 3 --key-file train.pgd.key --app 6 --as dataOwner'))
    .action(lazy(() => import('./push-secret.action.ts')));
  restrictionOptions(dataset.command('restrict <datasetId>').description('replace the restrictions of a stored key (omitted = any)'))
    .addHelpText('after', examples('proofgrid dataset restrict 3 --app 6 --requester 0xabc… --as dataOwner'))
    .action(lazy(() => import('./restrict.action.ts')));
  dataset
    .command('revoke <datasetId>')
    .description('revoke the key at the secret service (every later task is refused) and cancel your open dataset orders on chain')
    .option('--keep-orders', 'do not cancel the dataset orders')
    .option('--secrets <url>', 'secret service (default $PROOFGRID_SECRETS or .proofgrid/secrets.json)')
    .addHelpText('after', examples('proofgrid dataset revoke 3 --as dataOwner'))
    .action(lazy(() => import('./revoke.action.ts')));
  dataset
    .command('list')
    .description('datasets with open dataset orders on the market, with their registry entry')
    .option('--all', 'every registered dataset, with or without an open order')
    .addHelpText('after', examples('proofgrid dataset list', 'proofgrid dataset list --all --json'))
    .action(lazy(() => import('./list.action.ts')));
}
