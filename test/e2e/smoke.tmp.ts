import { readFileSync } from 'node:fs';
import { parseEther } from 'viem';
import { deposit, fetchResults, publishApp, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { startStack } from '/work/main/test/e2e/lib/stack.ts';

const t0 = Date.now();
const stack = await startStack({ workers: 2 });
console.log('stack up', Date.now() - t0);
try {
  const dev = stack.clientOf(stack.accounts.developer);
  const req = stack.clientOf(stack.accounts.requester);
  const wasm = readFileSync('/work/main/examples/montecarlo/build/montecarlo.wasm');
  const { app } = await publishApp(dev, stack.market, { wasm, name: 'montecarlo', price: parseEther('0.01') });
  await deposit(req, { amount: parseEther('100') });
  const tasks = Array.from({ length: 8 }, (_, i) => ({ args: ['100', '100', '0.05', '0.2', '1', '2000', String(i + 1), 'call'] }));
  const t1 = Date.now();
  const { requestHash } = await requestRun(req, stack.market, { app, tasks, appMaxPrice: parseEther('0.01'), workerpoolMaxPrice: parseEther('0.01') });
  const dealId = await waitForDeal(stack.market, requestHash);
  console.log('deal', dealId, Date.now() - t1);
  const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 15000, onProgress: (d) => console.log(d.status, d.counts, d.unmatched ?? '') });
  const results = await fetchResults(req, stack.market, deal);
  console.log('results', results.length, new TextDecoder().decode(results[0]!.stdout).slice(0, 200), Date.now() - t1);
} catch (e) {
  console.error(e);
  console.log(stack.logs());
} finally {
  await stack.stop();
}
