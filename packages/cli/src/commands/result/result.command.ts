import type { Command } from 'commander';
import { examples, lazy } from '../lazy.ts';

/** `proofgrid result decrypt`: read a result encrypted for you (C3). */
export function resultCommand(program: Command) {
  const result = program.command('result').description('results encrypted for the requester');
  result
    .command('decrypt <file>')
    .description('decrypt a result blob (as stored under its digest) with your result private key; writes stdout and the output files')
    .requiredOption('--key-file <file>', 'the result private key (32-byte hex), e.g. <out>/result.key written by `run`')
    .option('--out <dir>', 'where to write stdout and the files (default: print stdout)')
    .option('--digest <hex>', 'refuse the file unless its sha256 is this digest (the one agreed on chain)')
    .addHelpText('after', examples('proofgrid result decrypt blob.bin --key-file proofgrid-out/5c0e1a2b/result.key --out result/'))
    .action(lazy(() => import('./decrypt.action.ts')));
}
