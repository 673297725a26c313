#!/usr/bin/env node
// npm start: the main job — a whole Proofgrid market on a local chain, with a demo run
// (see scripts/demo/main.ts). `npm start -- --workers 6`, `npm start -- --exit` (stop after the
// summary), `npm start -- --help`.
import { register } from 'tsx/esm/api';

register();
await import('./demo/main.ts');
