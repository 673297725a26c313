import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
const t0 = performance.now();
const w = new Worker(new URL('./w.js', import.meta.url));
const mod = new WebAssembly.Module(readFileSync('app.wasm'));
w.on('error', e => console.log('err', e)); w.on('exit', c => console.log('exit', c)); w.on('online', () => console.log('online', performance.now() - t0));
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const r = await new Promise(res => { w.once('message', res); w.postMessage({ mod }); });
  console.log(r, performance.now() - t);
}
await w.terminate();
