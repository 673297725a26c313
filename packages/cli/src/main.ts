// Entry point: parses argv, runs one command, and turns every failure into one line + exit code.
import { createProgram } from './program.ts';
import { reportError } from './errors.ts';

const program = createProgram();
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (err) {
  process.exitCode = reportError(err, { json: program.opts().json === true || process.argv.includes('--json'), verbose: process.argv.includes('--verbose') });
}
