// Entry point: parses argv, runs one command, and turns every failure into one line + exit code.
import { createProgram } from './program.ts';

const program = createProgram();
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (err) {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
  const { reportError } = await import('./errors.ts');
  process.exitCode = reportError(err, {
    json: program.opts().json === true || process.argv.includes('--json'),
    verbose: process.argv.includes('--verbose'),
  });
}
