// Entry point of a sandbox thread (a `worker_threads` Worker), in plain JavaScript: Node 20 does
// not pass `--import` hooks on to worker threads, so the thread registers tsx's loader itself,
// then loads its TypeScript body (threadMain.ts). The thread is started without exec arguments
// and with an empty environment (createSandboxThread.ts).
import { register } from 'tsx/esm/api';

register();
await import('./threadMain.ts');
