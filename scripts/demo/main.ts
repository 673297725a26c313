// The `npm start` demo: local chain + contracts + a scheduler + N worker processes, the example
// apps published, then (1) bags of tasks spread over the workers, (2) replicated tasks where
// workers earn reputation, (3) a replicated task with a deliberately faulty worker whose stake is
// seized and whose reputation collapses, (4) a confidential dataset, (5) optimistic requests checked by a verifier
// process: honest answers left alone, a liar's answer challenged and overturned in a one-step proof on chain; a
// summary; then the market keeps running until Ctrl-C.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Address, type Hex, formatEther, parseEther } from 'viem';
import { machineImageOf } from '@proofgrid/disputes';
import { buildWebApp, startWebServer } from '@proofgrid/web/server';
import {
  createSecretsClient,
  jsonSafe,
  deposit,
  fetchResults,
  generateResultKeyPair,
  getBalances,
  getHubEvents,
  publishApp,
  publishEncryptedDataset,
  requestRun,
  waitForDeal,
  waitForDealEnd,
} from '@proofgrid/sdk';
import { type AppName, apps, buildApps } from '../../examples/index.ts';
import { startStack } from '@proofgrid/testkit';
import { runOptimistic } from './optimistic.ts';
import { type DemoVerifier, startDemoVerifier, verifierLine } from './verifier.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const { values: v } = parseArgs({
  options: {
    workers: { type: 'string', default: process.env.PROOFGRID_WORKERS ?? '4' },
    exit: { type: 'boolean', default: false },
    http: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (v.help) {
  console.log(
    'npm start [-- --workers N] [-- --exit] [-- --http]\n  runs a local Proofgrid market and a demo; --exit stops after the summary;\n  the scheduler and the secret service serve HTTPS on the devnet certificate (.proofgrid/tls), or plain HTTP with --http',
  );
  process.exit(0);
}
const nWorkers = Math.max(2, Number(v.workers));
const t0 = performance.now();
const secs = () => ((performance.now() - t0) / 1000).toFixed(1).padStart(5);
const say = (msg: string) => console.log(`[${secs()}s] ${msg}`);
const CATEGORY = { XS: 0, S: 1, M: 2, L: 3 } as const;
const outDir = join(ROOT, '.proofgrid', 'out');

say(`Proofgrid demo: local chain, scheduler and ${nWorkers} workers (the last one is a saboteur)`);
say('building the example apps from source (cached after the first run)');
buildApps();
const stack = await startStack({
  workers: nWorkers,
  dir: join(ROOT, '.proofgrid'),
  leaseTtlMs: 3000,
  sabotageAfter: { [nWorkers - 1]: 1 },
  logLevel: 'warn',
  secrets: true,
  // HTTPS on the devnet's certificate (decision 017): its CA in .proofgrid/tls/ca.pem, kept across runs.
  tls: !v.http,
});
let stopping = false;
let web: { url: string; close(): Promise<void> } | undefined;
let verifier: DemoVerifier | undefined;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the market...');
  await web?.close().catch(() => undefined);
  await verifier?.stop().catch(() => undefined);
  await stack.stop();
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const { deployment, market, accounts } = stack;
  writeFileSync(join(ROOT, '.proofgrid', 'market.json'), `${JSON.stringify({ url: market.url }, null, 2)}\n`);
  writeFileSync(join(ROOT, '.proofgrid', 'secrets.json'), `${JSON.stringify({ url: stack.secrets!.url }, null, 2)}\n`);
  say(`chain ${deployment.rpcUrl} (chain id ${deployment.chainId}), hub ${deployment.hub}`);
  say(`scheduler ${market.url} (pool ${stack.scheduler.workerpool}), ${nWorkers} workers online`);
  if (stack.tls)
    say(
      `TLS: scheduler and secret service on the devnet certificate; CA ${relative(ROOT, stack.tls.caFile)} (${stack.tls.created ? 'new' : 'reused'}, valid until ${stack.tls.notAfter.toISOString().slice(0, 10)}), trusted by the workers (NODE_EXTRA_CA_CERTS) and the CLI`,
    );
  await buildWebApp();
  web = (await startWebServer({
    deployment: jsonSafe(deployment) as never,
    marketUrl: market.url,
    port: Number(process.env.PROOFGRID_WEB_PORT ?? 5173),
  }).catch(() => startWebServer({ deployment: jsonSafe(deployment) as never, marketUrl: market.url, port: 0 }))) as never;
  say(`marketplace web app ${web!.url}`);
  const developer = stack.clientOf(accounts.developer);
  const requester = stack.clientOf(accounts.requester);
  const saboteur = accounts.workers[nWorkers - 1]!.address;
  const watched: Record<string, Address> = {
    requester: accounts.requester.address,
    developer: accounts.developer.address,
    'pool owner': accounts.poolOwner.address,
    ...Object.fromEntries(accounts.workers.map((w, i) => [i === nWorkers - 1 ? `worker-${i} (saboteur)` : `worker-${i}`, w.address])),
  };
  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(Object.entries(watched).map(async ([k, a]) => [k, await getBalances(requester, { account: a })] as const)),
    );
  const startBlock = await requester.public.getBlockNumber();
  verifier = await startDemoVerifier(stack, { dir: join(ROOT, '.proofgrid'), fromBlock: startBlock });
  say(`verifier ${verifier.url} (its own key ${verifier.address}, checks every optimistic answer: --fraction 1)`);

  // Publish every example app with an app order.
  const price = parseEther('0.01');
  const appIds = {} as Record<AppName, bigint>;
  for (const name of Object.keys(apps) as AppName[]) {
    const spec = apps[name];
    const { app } = await publishApp(developer, market, {
      wasm: readFileSync(spec.wasmPath),
      name,
      price,
      maxMemoryMb: spec.limits.memoryMb,
      category: CATEGORY[spec.category],
      machineImage: machineImageOf, // the start binding of optimistic answers (decision 027)
    });
    appIds[name] = app;
  }
  say(
    `published ${Object.keys(apps).length} apps: ${Object.entries(appIds)
      .map(([n, id]) => `${n} #${id}`)
      .join(', ')}`,
  );
  await deposit(requester, { amount: parseEther('1000') });
  const before = await snapshot();

  const run = async (label: string, name: AppName, params: Record<string, unknown>, opts: { trust?: number; replicas?: number } = {}) => {
    const spec = apps[name];
    const tasks = spec.buildTasks(params as never);
    const started = performance.now();
    // Results are encrypted for the requester by default (C3): requestRun answers the key it made.
    const { requestHash, resultKey } = await requestRun(requester, market, {
      app: appIds[name],
      tasks,
      trust: opts.trust ?? 1,
      replicas: opts.replicas,
      category: CATEGORY[spec.category],
      appMaxPrice: price,
      workerpoolMaxPrice: parseEther('1'),
    });
    const dealId = await waitForDeal(market, requestHash);
    say(`${label}: ${name} x${tasks.length} tasks, trust ${opts.trust ?? 1} -> deal ${dealId.slice(0, 10)}…`);
    const deal = await waitForDealEnd(market, dealId, { timeoutMs: 240_000 });
    const results = await fetchResults(requester, market, deal, { resultKey });
    const combined = spec.combine(
      results.map((r) => ({ stdout: r.stdout, files: r.files })),
      params as never,
    );
    const dir = join(outDir, `${label.replace(/\W+/g, '-')}-${name}`);
    mkdirSync(dir, { recursive: true });
    for (const [f, bytes] of Object.entries(combined.files)) writeFileSync(join(dir, f), bytes);
    const workers = new Set(deal.batches.flatMap((b) => b.workers.map((w) => w.address)));
    say(
      `${label} ${name}: ${deal.status}, ${results.length}/${tasks.length} results${results.every((r) => r.encrypted) ? ' (encrypted for the requester)' : ''} verified against the chain in ${((performance.now() - started) / 1000).toFixed(2)} s on ${workers.size} workers, ${deal.batches.length} batches`,
    );
    say(`   ${combined.summary.split('\n')[0]}`);
    say(
      `   files: ${Object.keys(combined.files)
        .map((f) => relative(ROOT, join(dir, f)))
        .join(', ')}`,
    );
    return { deal, results, tasks: tasks.length };
  };

  // 1. Bags of tasks at trust 1: one push per batch, spread over the workers.
  const stage1 = await Promise.all([
    run('bag', 'renderer', { width: 320, height: 240, columns: 4, rows: 2 }),
    run('bag', 'montecarlo', {}),
    run('bag', 'kmeans', {}),
  ]);
  // 2. Replicated tasks (trust 3: two fresh workers must agree): workers earn reputation.
  const stage2 = await run('replicated', 'tsp', { restarts: 8 }, { trust: 3 });
  const mid = await snapshot();
  // 3. A replicated task with every worker on it: the saboteur answers junk at once.
  const stage3 = await run('sabotage', 'montecarlo', { tasks: 1, paths: 3_000_000 }, { trust: 3, replicas: nWorkers });
  const after = await snapshot();

  // 4. A dataset rented to the ml app (D1, D3, C3): the owner encrypts the training set and keeps
  // it; workers get the key from the secret service for their task only; results come back
  // encrypted for the requester. (After the balance snapshot: the summary table stays as before.)
  const secrets = createSecretsClient({ url: stack.secrets!.url, fetch: stack.fetch });
  const dataOwner = stack.clientOf(accounts.dataOwner);
  const trainCsv = readFileSync(join(ROOT, 'examples/ml/data/train.csv'));
  const rented = await publishEncryptedDataset(dataOwner, market, secrets, {
    content: new Uint8Array(trainCsv),
    name: 'training set (confidential)',
    price,
    restrictions: { app: appIds.ml },
  });
  say(
    `confidential: dataset #${rented.dataset} published encrypted (${rented.contentHash.slice(0, 12)}…), key at the secret service ${stack.secrets!.url}, restricted to app ml #${appIds.ml}`,
  );
  const resultKeys = generateResultKeyPair();
  const conf = await requestRun(requester, market, {
    app: appIds.ml,
    dataset: rented.dataset,
    tasks: [1, 2].map((seed) => ({ args: ['0.1', String(seed), '0'] })),
    trust: 3,
    category: CATEGORY[apps.ml.category],
    appMaxPrice: price,
    datasetMaxPrice: price,
    workerpoolMaxPrice: parseEther('1'),
    resultPublicKey: resultKeys.publicKey,
    datasetFile: 'train.csv',
  });
  const confDeal = await waitForDealEnd(market, await waitForDeal(market, conf.requestHash), { timeoutMs: 240_000 });
  const confResults = await fetchResults(requester, market, confDeal, { resultKey: resultKeys.privateKey });
  const receipts = (await secrets.receipts(rented.dataset)).receipts;
  say(
    `confidential ml: ${confDeal.status}, ${confResults.length} results encrypted for the requester (replicas agreed on the ciphertext), ${receipts.length} key releases with signed receipts`,
  );
  for (const r of confResults) say(`   task ${r.index}: ${new TextDecoder().decode(r.stdout).trim().slice(0, 110)}…`);
  say('   without a TEE the worker hosts could see the plain dataset while it ran: see docs/security.md');

  // 5. Optimistic requests (issue 16): one worker answers each task with a claim of the provable machine and a
  // deposit; the verifier re-executes every answer. Honest answers are left alone and paid after their window; a
  // rogue pool's lying answer is challenged and overturned by a one-step proof on chain.
  const { liar } = await runOptimistic(stack, { requester, developer, app: appIds.montecarlo, price, verifier, say });

  // Audit: what the chain says happened to the saboteur, and the gas of every hub transaction.
  const judged = await getHubEvents(requester, { eventName: 'ContributionJudged', fromBlock: startBlock });
  const wrong = judged.filter((e) => !e.args.accurate);
  const logs = await requester.public.getLogs({ address: deployment.hub, fromBlock: startBlock });
  const txs = [...new Set(logs.map((l) => l.transactionHash as Hex))];
  let gas = 0n;
  for (const tx of txs) gas += (await requester.public.getTransactionReceipt({ hash: tx })).gasUsed;
  const totalTasks = stage1.reduce((s, r) => s + r.tasks, 0) + stage2.tasks + stage3.tasks;

  console.log('\n================================ summary ================================');
  console.log(`tasks run and verified: ${totalTasks} in ${[...stage1, stage2, stage3].length} deals`);
  console.log(
    `chain: ${txs.length} hub transactions, ${gas.toLocaleString('en-US')} gas in all, ${(Number(gas) / totalTasks).toFixed(0)} gas per task (app publishing included)`,
  );
  console.log(
    `services: scheduler ${market.url}, secret service ${stack.secrets!.url}${stack.tls ? ` (HTTPS on the devnet certificate, CA ${relative(ROOT, stack.tls.caFile)})` : ' (plain HTTP)'}`,
  );
  console.log('\naccount                     escrow before   escrow after    change      score');
  for (const k of Object.keys(watched)) {
    const b = before[k]!;
    const a = after[k]!;
    const delta = a.escrow + a.locked - (b.escrow + b.locked);
    console.log(
      `${`${k.padEnd(26)} ${fmt(b.escrow + b.locked)} ${fmt(a.escrow + a.locked)} ${delta >= 0n ? '+' : ''}${Number(formatEther(delta)).toFixed(4)}`.padEnd(76)} ${b.score} -> ${mid[k]!.score} -> ${a.score}`,
    );
  }
  const seized = wrong.filter((e) => (e.args as { worker: Address }).worker.toLowerCase() === saboteur.toLowerCase());
  console.log(
    seized.length
      ? `\nsaboteur ${saboteur}: ${seized.length} contribution(s) judged wrong on chain; its stake was seized and shared, its score went ${mid[`worker-${nWorkers - 1} (saboteur)`]!.score} -> ${after[`worker-${nWorkers - 1} (saboteur)`]!.score}`
      : `\nsaboteur ${saboteur}: no wrong contribution was judged this time (the honest workers agreed before it contributed)`,
  );
  console.log(`sabotaged deal ${stage3.deal.dealId}: the agreed result is the honest one (${stage3.results[0]!.digest.slice(0, 18)}…)`);
  console.log(`\n${verifierLine(await verifier.status())}`);
  console.log(
    `liar's deal ${liar.dealId}: ${liar.state} by the ${liar.proof} after ${liar.moves} moves; see npx proofgrid dispute show ${liar.dealId} 0`,
  );
  console.log(`results in ${relative(ROOT, outDir)}/  —  audit any deal: npx proofgrid audit ${stage3.deal.dealId}`);
  console.log('=========================================================================');
  console.log(`demo finished in ${secs().trim()} s`);
  if (v.exit) await shutdown(0);
  console.log(
    `\nthe market keeps running (Ctrl-C to stop):\n  marketplace (web)      ${web!.url}\n  scheduler + orderbook  ${market.url}/v1/status   metrics ${market.url}/metrics\n  verifier               ${verifier!.url}/status   metrics ${verifier!.url}/metrics
  chain (JSON-RPC)       ${deployment.rpcUrl}\n  deployment             ${relative(ROOT, stack.deploymentFile)}\n${stack.tls ? `  TLS CA                 ${relative(ROOT, stack.tls.caFile)}  (the web page calls the scheduler over HTTPS: trust this CA in the browser once, or run npm start -- --http)\n` : ''}  try                    npx proofgrid deal list   |   npx proofgrid run montecarlo --as requester`,
  );
} catch (err) {
  console.error(`\ndemo failed: ${(err as Error).message}`);
  console.error(stack.logs().split('\n').slice(-40).join('\n'));
  await shutdown(1);
}

function fmt(x: bigint) {
  return Number(formatEther(x)).toFixed(4).padStart(14);
}
