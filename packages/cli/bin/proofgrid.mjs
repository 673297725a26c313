#!/usr/bin/env node
// The `proofgrid` command: registers tsx (the CLI is TypeScript run from source), then runs it.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
