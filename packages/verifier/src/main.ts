#!/usr/bin/env -S node --import tsx
// proofgrid-verifier: spot-checks optimistic answers of provable apps and plays every game it opens to the end.
import { parseVerifierArgs, USAGE, VerifierConfigError } from './config.ts';
import { startVerifier } from './service.ts';

let config: ReturnType<typeof parseVerifierArgs>;
try {
  config = parseVerifierArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof VerifierConfigError)) throw err;
  console.error(`proofgrid-verifier: ${err.shortMessage ?? err.message}`);
  process.exit(2);
}
if (config === 'help') {
  console.log(USAGE);
  process.exit(0);
}
try {
  const verifier = await startVerifier(config);
  const stop = async () => {
    await verifier.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`proofgrid-verifier: ${(err as Error).message}`);
  process.exit(1);
}
