#!/usr/bin/env -S node --import tsx
// proofgrid-worker: a worker daemon process.
import { runWorkerCli } from './cli.ts';

await runWorkerCli(process.argv.slice(2));
