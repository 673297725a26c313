import type { Command } from 'commander';
import { appOrderOptions } from '../run/orderTerms.ts';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid app publish|list|show`: WebAssembly apps and their app orders. */
export function appCommand(program: Command) {
  const app = program.command('app').description('publish, list and inspect apps (WASI modules sold per run)');
  appOrderOptions(
    app
      .command('publish <wasm>')
      .description(
        'store the module by content hash, register the app and its machine image (decision 027) on chain and publish an app order',
      )
      .requiredOption('--name <name>', 'app name in the registry')
      .requiredOption('--price <tokens>', 'price per task, in tokens')
      .option('--memory-mb <n>', 'memory the app needs (MiB)', '64')
      .option('--category <n>', 'default task category of the app', '0')
      .option('--volume <n>', 'tasks the app order may be used for', '1000000')
      .option('--no-machine-image', "skip registering the module's machine image (the start binding of optimistic answers)"),
  )
    .addHelpText(
      'after',
      examples('proofgrid app publish examples/montecarlo/build/montecarlo.wasm --name montecarlo --price 0.01 --as developer'),
    )
    .action(lazy(() => import('./publish.action.ts')));
  app
    .command('list')
    .description('apps with open app orders on the market (cheapest price first), with their registry entry')
    .option('--all', 'every registered app, with or without an open order')
    .addHelpText('after', examples('proofgrid app list', 'proofgrid app list --all --json'))
    .action(lazy(() => import('./list.action.ts')));
  app
    .command('show <app>')
    .description("an app's registry entry and its open orders")
    .addHelpText('after', examples('proofgrid app show 2'))
    .action(lazy(() => import('./show.action.ts')));
}
