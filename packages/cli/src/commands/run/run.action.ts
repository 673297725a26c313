import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ProofgridClient,
  ProofgridError,
  fetchResults,
  generateResultKeyPair,
  requestRun,
  resultPublicKeyOf,
  waitForDeal,
  waitForDealEnd,
} from '@proofgrid/sdk';
import { readKeyFile, writeSecretFile } from '../../lib/secrets.ts';
import { type MarketClient, cancelMessage } from '@proofgrid/sdk/api';
import type { Account, Hex } from 'viem';
import type { Context } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { parseAddress, parseUint, short, tokens } from '../../format.ts';
import { fields } from '../../output.ts';
import { dealProgress } from '../../progress.ts';
import { type RunOptions, planRun } from './planRun.ts';
import { requestTermsOfOptions } from './orderTerms.ts';
import { priceRun } from './priceRun.ts';
import { inputsRootOfRun } from './inputsRoot.ts';
import { saveResults } from './saveResults.ts';
import { provableCheck } from '../../provableCheck.ts';

export default async function run(ctx: Context, appArg: string, opts: RunOptions) {
  const trust = Number(parseUint(opts.trust, 'trust'));
  const replicas = opts.replicas === undefined ? undefined : Number(parseUint(opts.replicas, 'replicas'));
  const dataset = opts.dataset === undefined ? undefined : parseUint(opts.dataset, 'dataset id');
  const timeoutMs = Number(parseUint(opts.timeout, 'timeout')) * 1000;
  const terms = verificationTerms(opts);
  const orderTerms = requestTermsOfOptions(opts);
  const callback = opts.callback === undefined ? undefined : parseAddress(opts.callback, 'callback');
  if (opts.orderRank !== undefined && opts.orderRank !== 'cheapest' && opts.orderRank !== 'earliest')
    throw new UsageError(`--order-rank takes cheapest or earliest, not "${opts.orderRank}"`);
  const client = await ctx.signer();
  const market = ctx.market();

  const plan = await planRun(ctx, client, appArg, opts);
  // C3: results encrypted for the requester's key (its private half never leaves this machine)
  // unless --public-results asks for them in the clear.
  if (opts.publicResults && (opts.resultKey || opts.encryptResults))
    throw new ProofgridError('--public-results asks for results in the clear: drop it, or drop --result-key / --encrypt-results', {
      code: 'RunResultsConflict',
      kind: 'user',
    });
  const resultKey = opts.resultKey
    ? readKeyFile(opts.resultKey, 'result private key')
    : opts.publicResults
      ? undefined
      : generateResultKeyPair().privateKey;
  const price = await priceRun(client, market, client.account.address, plan, {
    maxPrice: opts.maxPrice,
    dataset,
    trust,
    ...orderTerms,
  });
  // Decision 031: an optimistic run signs the root of its tasks' inputs, so a start on other inputs cannot be proven.
  const inputsRoot = terms.verification === 'optimistic' ? await inputsRootOfRun(client, market, plan.app.app, plan.tasks) : undefined;
  const { requestHash } = await requestRun(client, market, {
    app: plan.app.app,
    tasks: plan.tasks,
    dataset,
    trust,
    replicas,
    category: plan.category,
    requirements: opts.requirements,
    ...(opts.rank ? { rank: opts.rank } : {}),
    ...(opts.orderRank ? { orderRank: opts.orderRank as 'cheapest' | 'earliest' } : {}),
    ...(callback ? { callback } : {}),
    ...orderTerms,
    appMaxPrice: price.appMaxPrice,
    datasetMaxPrice: price.datasetMaxPrice,
    workerpoolMaxPrice: price.workerpoolMaxPrice,
    ...(resultKey ? { resultPublicKey: resultPublicKeyOf(resultKey) } : { publicResults: true }),
    datasetFile: opts.datasetFile,
    ...(opts.privateInputs ? { privateInputs: true } : {}),
    ...terms,
    ...(inputsRoot ? { inputsRoot } : {}),
  });
  ctx.out.note(
    `request ${requestHash}: ${plan.tasks.length} tasks of ${plan.app.name} (app ${plan.app.app}), trust ${trust}, up to ${tokens(price.total)}`,
  );
  const dealId = await matched(client, market, requestHash, Math.min(timeoutMs, 120_000));
  ctx.out.note(`deal ${dealId}`);
  const outDir = resolve(opts.out ?? `proofgrid-out/${dealId.slice(2, 10)}`);
  if (resultKey && !opts.resultKey) {
    mkdirSync(outDir, { recursive: true });
    writeSecretFile(join(outDir, 'result.key'), resultKey);
    ctx.out.note(`results are encrypted for you: private key in ${join(outDir, 'result.key')}`);
  }

  const progress = dealProgress({ enabled: !ctx.out.json && process.stderr.isTTY === true, volume: plan.tasks.length });
  let deal: Awaited<ReturnType<typeof waitForDealEnd>>;
  try {
    deal = await waitForDealEnd(market, dealId, { timeoutMs, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  if (deal.status !== 'completed') {
    const failed = deal.tasks.find((t) => t.status === 'failed');
    throw new ProofgridError(`deal ${dealId} ${deal.status}${failed ? `: task ${failed.index} ${failed.error ?? 'failed'}` : ''}`, {
      code: 'DealFailed',
      kind: 'user',
      details: { dealId, counts: deal.counts },
    });
  }
  const results = await fetchResults(client, market, deal, { resultKey, checkProvable: provableCheck((i) => plan.tasks[i]?.files) });
  const { summary, files } = saveResults(plan, results, outDir);
  const matchGas = deal.matchTx ? (await client.public.getTransactionReceipt({ hash: deal.matchTx })).gasUsed : undefined;

  const data = {
    dealId,
    requestHash,
    status: deal.status,
    app: { id: plan.app.app, name: plan.app.name },
    tasks: plan.tasks.length,
    verified: results.length,
    trust,
    category: plan.category,
    pricePerTask: price.perTask,
    cost: price.perTask * BigInt(plan.tasks.length),
    summary,
    outDir,
    files,
    results: results.map((r) => ({ index: r.index, digest: r.digest })),
    matchTx: deal.matchTx,
    matchGas,
  };
  ctx.out.result(data, (d) =>
    [
      d.summary,
      '',
      fields([
        ['deal', `${d.dealId} (${d.status})`],
        ['results', `${d.verified}/${d.tasks} verified against the roots agreed on chain`],
        ['files', d.files.join(', ')],
        ['cost', `${tokens(d.cost)} (${tokens(d.pricePerTask)} per task)`],
        [
          'match tx',
          d.matchTx
            ? `${short(d.matchTx, 18)}${d.matchGas !== undefined ? ` (${d.matchGas.toLocaleString('en-US')} gas)` : ''}`
            : undefined,
        ],
        ['audit', `proofgrid audit ${d.dealId}`],
      ]),
    ].join('\n'),
  );
}

/** --verify and --window as the request's verification terms (decision 026). */
function verificationTerms(opts: RunOptions) {
  const verification = opts.verify ?? 'replicated';
  if (verification !== 'replicated' && verification !== 'optimistic')
    throw new UsageError(`--verify takes replicated or optimistic, not "${verification}"`);
  if (opts.window === undefined) return { verification } as const;
  const window = parseUint(opts.window, 'window');
  return verification === 'optimistic'
    ? ({ verification, challengeWindow: window } as const)
    : ({ verification, rollbackWindow: window } as const);
}

/**
 * Waits for the request's deal. When it cannot be matched, the request is also taken off the
 * book, so that it does not surprise its requester by matching later (after a deposit, say).
 */
async function matched(
  client: ProofgridClient & { account: Account },
  market: MarketClient,
  requestHash: Hex,
  timeoutMs: number,
): Promise<Hex> {
  try {
    return await waitForDeal(market, requestHash, { timeoutMs });
  } catch (err) {
    const signature = await client.wallet!.signMessage({ account: client.account, message: cancelMessage(requestHash) });
    // The match error is what the user needs; a failed cleanup is reported in its details only.
    const cleanup = await market.cancelOrder(requestHash, signature).then(
      () => 'the request was taken off the book',
      (e: Error) => `the request could not be taken off the book (${e.message}): cancel it with proofgrid order cancel ${requestHash}`,
    );
    if (err instanceof ProofgridError) err.details.cleanup = cleanup;
    throw err;
  }
}
