import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid run <app>`: buy a run of a bag of tasks, follow it, verify and combine its results. */
export function runCommand(program: Command) {
  program
    .command('run <app>')
    .description(
      'run an app as a bag of tasks: an example app by name (renderer, montecarlo, spectrum, tsp, kmeans, ml; its tasks are built from --params and its results combined), or any published app by id or name with --args',
    )
    .option('--params <json>', 'example app parameters, merged over its defaults (e.g. \'{"paths":200000}\')')
    .option('--args <args>', 'arguments of every task for a non-example app: a JSON array or space-separated; {i} becomes the task index')
    .option('--tasks <n>', 'number of tasks (example apps with a "tasks" parameter, or copies of --args)')
    .option('--trust <n>', 'trust level: 1 = one worker, higher = replicated until that confidence', '1')
    .option('--replicas <n>', 'run each batch on at least this many workers')
    .option('--category <n>', 'task category (default: the example app category, or the app registry entry)')
    .option('--max-price <tokens>', 'most you pay per task (app + dataset + pool); default: the cheapest offers')
    .option('--requirements <expr>', 'requirement on workers, e.g. "memoryMb >= 512"')
    .option('--rank <expr>', 'rank of the fitting workers, highest first, e.g. "memoryMb"')
    .option('--order-rank <how>', 'which fitting offers are matched: cheapest (the default) or earliest')
    .option('--tag <bits>', 'tag bits the pool must offer (M2: e.g. TEE, GPU), as bit numbers "0,2" or a bytes32 hex')
    .option('--restrict-pool <id>', 'only this workerpool may run it (default: any pool)')
    .option('--callback <address>', "a contract that receives each task's result digest on chain (P7)")
    .option('--dataset <id>', 'dataset the tasks read (an encrypted dataset is decrypted inside each worker sandbox)')
    .option('--dataset-file <name>', 'file name of the dataset under /in in each task (default dataset.csv; ml reads train.csv)')
    .option(
      '--public-results',
      'results in the clear, readable by anyone who reads the market (default: encrypted for a fresh key pair whose private key is written to <out>/result.key, mode 0600)',
    )
    .option('--encrypt-results', 'the default, kept for scripts that ask for it: results encrypted for a fresh key pair')
    .option('--private-inputs', "task inputs readable only by the deal's workers while they hold its leases (not by anyone with the hash)")
    .option('--result-key <file>', 'encrypt results for the public key of this private key file (32-byte hex)')
    .option('--out <dir>', 'where to write the results (default: ./proofgrid-out/<deal id prefix>/)')
    .option('--timeout <seconds>', 'give up when the deal has not ended by then', '600')
    .option(
      '--verify <mode>',
      'replicated (consensus of workers at --trust) or optimistic (one answer per task, open to challenges; needs a pool whose workers answer)',
      'replicated',
    )
    .option(
      '--window <seconds>',
      "replicated: how long results stay open to challenges before they are paid (default the hub's); optimistic: the challenge window (default 3600)",
    )
    .addHelpText(
      'after',
      examples(
        'proofgrid run montecarlo --as requester',
        'proofgrid run renderer --params \'{"width":640,"height":480}\' --out frames/ --as requester',
        'proofgrid run montecarlo --params \'{"paths":100000}\' --tasks 4 --trust 3 --json --public-results --as requester',
        'proofgrid run ml --dataset 3 --dataset-file train.csv --params \'{"shards":2}\' --as requester',
        'proofgrid run montecarlo --tag 0 --restrict-pool 1 --as requester',
        'proofgrid run 7 --args \'["--seed","{i}"]\' --tasks 10 --max-price 0.05 --as requester',
      ),
    )
    .action(lazy(() => import('./run.action.ts')));
}
