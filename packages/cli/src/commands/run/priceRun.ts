import { type ProofgridClient, ProofgridError, getBalances } from '@proofgrid/sdk';
import type { MarketClient } from '@proofgrid/sdk/api';
import type { Address, Hex } from 'viem';
import { parseAmount, tokens } from '../../format.ts';
import { openOffers } from '../../lib/orders.ts';
import type { RunPlan } from './planRun.ts';

export type RunPrice = { appMaxPrice: bigint; datasetMaxPrice: bigint; workerpoolMaxPrice: bigint; perTask: bigint; total: bigint };

/**
 * The max prices of the request: the cheapest open offers (app, dataset, pool for the category and
 * trust), or what --max-price leaves for the pool. Fails before anything is published when no
 * offer fits or the escrow cannot pay for the whole bag (the chain would refuse the match).
 */
export async function priceRun(
  client: ProofgridClient,
  market: MarketClient,
  requester: Address,
  plan: RunPlan,
  opts: { maxPrice?: string; dataset?: bigint; trust: number; workerpool?: bigint; tag?: Hex },
): Promise<RunPrice> {
  // Offers restricted to another requester (M2) are not for this run: the chain would refuse them.
  const forMe = (o: { order: { requesterRestrict: Address } }) =>
    BigInt(o.order.requesterRestrict) === 0n || o.order.requesterRestrict.toLowerCase() === requester.toLowerCase();
  const [app] = (await openOffers(market, 'app', { asset: plan.app.app })).filter(forMe);
  if (!app)
    throw new ProofgridError(`app ${plan.app.app} (${plan.app.name}) has no open app order on this market`, {
      code: 'NoMatchingOrder',
      kind: 'user',
      details: { app: plan.app.app },
    });
  const [dataset] = opts.dataset === undefined ? [] : (await openOffers(market, 'dataset', { asset: opts.dataset })).filter(forMe);
  if (opts.dataset !== undefined && !dataset)
    throw new ProofgridError(`dataset ${opts.dataset} has no open dataset order on this market`, {
      code: 'NoMatchingOrder',
      kind: 'user',
      details: { dataset: opts.dataset },
    });
  const pools = (await openOffers(market, 'workerpool', { category: plan.category })).filter(
    (o) => forMe(o) && o.order.trust >= BigInt(opts.trust) && (opts.workerpool === undefined || o.order.workerpool === opts.workerpool),
  );
  // With a tag, the cheapest pool order offering its bits (a pool's registry tag may offer them too: then any).
  const tag = opts.tag === undefined ? 0n : BigInt(opts.tag);
  const [pool] = [...pools.filter((o) => (BigInt(o.order.tag) & tag) === tag), ...pools];
  if (!pool)
    throw new ProofgridError(
      `no workerpool${opts.workerpool !== undefined ? ` ${opts.workerpool}` : ''} offers category ${plan.category} at trust ${opts.trust} on this market`,
      {
        code: 'NoMatchingOrder',
        kind: 'user',
        details: { category: plan.category, trust: opts.trust },
      },
    );

  const appPrice = app.order.price;
  const datasetPrice = dataset?.order.price ?? 0n;
  const cheapest = appPrice + datasetPrice + pool.order.price;
  let workerpoolMaxPrice = pool.order.price;
  if (opts.maxPrice !== undefined) {
    const max = parseAmount(opts.maxPrice, 'max-price');
    if (cheapest > max) {
      throw new ProofgridError(
        `the cheapest offers cost ${tokens(cheapest)} per task (app ${tokens(appPrice)} + dataset ${tokens(datasetPrice)} + pool ${tokens(pool.order.price)}), above --max-price ${tokens(max)}`,
        {
          code: 'PriceAboveMax',
          kind: 'user',
          details: { cheapest, max },
        },
      );
    }
    workerpoolMaxPrice = max - appPrice - datasetPrice;
  }
  const volume = BigInt(plan.tasks.length);
  const total = cheapest * volume;
  const { escrow } = await getBalances(client, { account: requester });
  if (escrow < total) {
    throw new ProofgridError(
      `account ${requester} has ${tokens(escrow)} free in the escrow but this run needs ${tokens(total)} (${volume} tasks × ${tokens(cheapest)}): deposit more with \`proofgrid wallet deposit <amount>\``,
      {
        code: 'EscrowInsufficientBalance',
        kind: 'user',
        details: { account: requester, balance: escrow, needed: total },
      },
    );
  }
  return { appMaxPrice: appPrice, datasetMaxPrice: datasetPrice, workerpoolMaxPrice, perTask: cheapest, total };
}
