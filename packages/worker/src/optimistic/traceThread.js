// Entry point of a trace thread (a `worker_threads` Worker), in plain JavaScript: Node 20 does not pass `--import`
// hooks on to worker threads, so the thread registers tsx's loader itself, then loads its TypeScript body
// (traceThreadMain.ts), as the sandbox's threads do (../sandbox/sandboxThread.js).
import { register } from 'tsx/esm/api';

register();
await import('./traceThreadMain.ts');
