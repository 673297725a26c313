import { parentPort } from 'node:worker_threads';
const x = 1;
parentPort.on('message', (m) => {
  const t = performance.now();
  const inst = new WebAssembly.Instance(m.mod, { wasi_snapshot_preview1: new Proxy({}, { get: () => () => 0 }) });
  parentPort.postMessage({ x, dt: performance.now() - t });
});
