#!/usr/bin/env -S node --import tsx
// A worker process that is a saboteur: the proofgrid-worker command line with a result strategy injected (saboteur.ts).
// PROOFGRID_SABOTAGE_LEAVES=colluding: the colluding saboteur (false provable leaves under the true claim, decision
// 030); otherwise a lazy saboteur with PROOFGRID_SABOTAGE_AFTER honest replicated batches before it cheats.
// Spawned by startStack.
import { runWorkerCli } from '@proofgrid/worker';
import { colludingSaboteur, lazySaboteur } from './saboteur.ts';

if (process.env.PROOFGRID_SABOTAGE_LEAVES === 'colluding') {
  await runWorkerCli(process.argv.slice(2), { resultStrategy: colludingSaboteur() });
} else {
  const after = Number(process.env.PROOFGRID_SABOTAGE_AFTER);
  if (!Number.isInteger(after) || after < 0) {
    console.error('saboteurWorker: PROOFGRID_SABOTAGE_AFTER must be a whole number of honest batches');
    process.exit(2);
  }
  await runWorkerCli(process.argv.slice(2), { resultStrategy: lazySaboteur(after) });
}
