import { Worker } from 'node:worker_threads';
for (const execArgv of [[], ['--disable-warning=ExperimentalWarning'], ['--no-warnings']]) {
  try {
  const w = new Worker(new URL('./w2.js', import.meta.url), { execArgv });
  await new Promise((res) => { w.on('exit', res); w.on('error', (e) => { console.log('error', e.message); res() }) });
  console.log('done', execArgv);
  } catch (e) { console.log('throw', execArgv, e.message) }
}
