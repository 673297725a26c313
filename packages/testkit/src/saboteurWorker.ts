#!/usr/bin/env -S node --import tsx
// A worker process that is a lazy saboteur (see saboteur.ts): the proofgrid-worker command line,
// with PROOFGRID_SABOTAGE_AFTER honest replicated batches before it cheats. Spawned by startStack.
import { runWorkerCli } from '@proofgrid/worker';
import { lazySaboteur } from './saboteur.ts';

const after = Number(process.env.PROOFGRID_SABOTAGE_AFTER);
if (!Number.isInteger(after) || after < 0) {
  console.error('saboteurWorker: PROOFGRID_SABOTAGE_AFTER must be a whole number of honest batches');
  process.exit(2);
}
await runWorkerCli(process.argv.slice(2), { resultStrategy: lazySaboteur(after) });
