// Choosing well and saying why (issue 19), over real processes (anvil + a private pool's scheduler +
// a worker): the cheapest fitting app order is matched; a request nobody can serve is explained
// clause by clause with counts and the change that would match (SDK and `proofgrid explain`); a
// tag no pool offers; a private pool (--allow-requesters) refuses an outsider.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hex } from 'viem';
import {
  type Explanation,
  type ProofgridError,
  devAccount,
  explainRequest,
  matchOrders,
  publishAppOrder,
  requestRun,
  waitForDeal,
} from '@proofgrid/sdk';
import type { ApiError, OrderEntry } from '@proofgrid/sdk/api';
import { createWorkerProtocolClient, registrationTypedData } from '@proofgrid/sdk/protocol';
import { privateKeyToAccount } from 'viem/accounts';
import { PRICE, mcTasks, setupMarket } from '@proofgrid/testkit';
import { type Stack, startStack } from '@proofgrid/testkit';

const BIN = join(resolve(import.meta.dirname, '../..'), 'packages/cli/bin/proofgrid.mjs');

describe('selection and the explainer (anvil + private pool scheduler + 1 worker)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  /** The request's status until `until` holds (the scheduler's cycle records a reason; no fixed sleep). */
  const statusUntil = async (hash: Hex, until: (s: { reason?: string }) => boolean) => {
    let since: string | undefined;
    for (let i = 0; i < 60; i++) {
      const s = await stack.market.requestStatus(hash, { since, waitMs: 1000 });
      if (until(s)) return s;
      since = undefined;
    }
    throw new Error(`request ${hash}: condition not reached`);
  };
  const cli = (...args: string[]) =>
    new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        [BIN, ...args],
        { env: { ...process.env, PROOFGRID_DEPLOYMENT: stack.deploymentFile, PROOFGRID_MARKET: stack.market.url, PROOFGRID_KEY: '' } },
        (err, stdout, stderr) => (err ? fail(new Error(`${err.message}\n${stdout}${stderr}`)) : done(stdout)),
      ),
    );
  const clause = (e: Explanation, kind: string, name: string) => e.clauses.find((c) => c.kind === kind && c.clause === name);

  before(async () => {
    stack = await startStack({
      workers: 1,
      // Private to the devnet requester and to the stack's one worker (dev account 6, worker0).
      schedulerArgs: [
        '--allow-requesters',
        '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        '--allow-workers',
        devAccount(6).address,
        '--tag',
        '0',
      ],
    });
    assert.equal(stack.accounts.requester.address.toLowerCase(), '0x70997970c51812dc3a010c7d01b50e0d17dc79c8', 'the devnet requester');
    assert.equal(stack.accounts.workers[0]!.address, devAccount(6).address, 'the stack worker');
    ctx = await setupMarket(stack);
    // Three app orders: the setup's at PRICE, a cheaper one, and a cheaper still restricted to the developer.
    await publishAppOrder(ctx.developer, stack.market, { app: ctx.app, price: PRICE / 2n });
    await publishAppOrder(ctx.developer, stack.market, {
      app: ctx.app,
      price: PRICE / 4n,
      requesterRestrict: stack.accounts.developer.address,
    });
  });
  after(async () => stack?.stop());

  test('the cheapest fitting app order is matched, not the first published', async () => {
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      publicResults: true,
    });
    const deal = await stack.market.getDeal(await waitForDeal(stack.market, requestHash, { timeoutMs: 20_000 }));
    assert.equal(deal.key.appPrice, PRICE / 2n, 'the cheaper of the two orders open to this requester');
  });

  test('a request nobody can serve: the explanation names the failing clause, its count and the fix', async () => {
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(2),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE / 10n,
      publicResults: true,
    });
    await statusUntil(requestHash, (s) => /NoMatchingOrder/.test(s.reason ?? ''));
    const e = await explainRequest(stack.market, requestHash);
    assert.equal(e.matchable, false);
    const pools = e.kinds.workerpool?.candidates ?? 0;
    assert.ok(pools >= 1, 'the pool publishes a standing order per category');
    assert.deepEqual(clause(e, 'workerpool', 'price'), {
      kind: 'workerpool',
      clause: 'price',
      failing: pools,
      of: pools,
      fix: 'raise workerpoolMaxPrice to 0.01 PGT',
    });
    assert.match(e.summary, new RegExp(`no workerpool order fits \\(price fails on ${pools} of ${pools}\\)`));
    assert.ok(e.fixes.includes('raise workerpoolMaxPrice to 0.01 PGT'), e.fixes.join(' | '));
    assert.equal(e.kinds.app?.fitting, 2, 'both app orders open to the requester fit');
    assert.equal(clause(e, 'app', 'requesterRestrict')?.failing, 1, 'the order restricted to the developer is named');

    // The same from the command line, as a real process.
    const text = await cli('explain', requestHash);
    assert.match(text, new RegExp(`workerpool price: fails on ${pools} of ${pools} \\(raise workerpoolMaxPrice to 0.01 PGT\\)`));
    assert.match(text, /to match:\n {2}raise workerpoolMaxPrice to 0.01 PGT/);
  });

  test('a tag the pool offers (proofgrid-scheduler --tag 0) is matched, and the deal carries it', async () => {
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      tag: [0],
      publicResults: true,
    });
    const deal = await stack.market.getDeal(await waitForDeal(stack.market, requestHash, { timeoutMs: 20_000 }));
    assert.equal(BigInt(deal.key.tag), 1n);
  });

  test('proofgrid run --tag --restrict-pool --order-rank: priced and matched on offers open to the requester', async () => {
    const [poolOrder] = await stack.market.listOrders({ kind: 'workerpool', status: 'open' });
    const pool = String((poolOrder!.order as { workerpool: bigint }).workerpool);
    const out = await cli(
      'run',
      'montecarlo',
      '--tasks',
      '2',
      '--params',
      '{"paths":2000}',
      '--tag',
      '0',
      '--restrict-pool',
      pool,
      '--order-rank',
      'cheapest',
      '--public-results',
      '--timeout',
      '60',
      '--out',
      mkdtempSync(join(tmpdir(), 'h8-selection-')),
      '--as',
      'requester',
      '--json',
    );
    const r = JSON.parse(out) as { dealId: Hex; status: string; pricePerTask: string };
    assert.equal(r.status, 'completed');
    const deal = await stack.market.getDeal(r.dealId);
    assert.equal(BigInt(deal.key.tag), 1n, 'the request needed bit 0');
    assert.equal(String(deal.key.workerpool), pool);
    assert.equal(deal.key.appPrice, PRICE / 2n, 'the cheapest app order open to the requester (not the one restricted to the developer)');
  });

  test('a tag no pool offers: matchOrders refuses it and the explanation says which bit to drop', async () => {
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      tag: [3],
      publicResults: true,
    });
    const s = await statusUntil(requestHash, (x) => /DealTagMismatch/.test(x.reason ?? ''));
    assert.match(s.reason ?? '', /DealTagMismatch/);
    const e = await explainRequest(stack.market, requestHash);
    const pools = e.kinds.workerpool?.candidates ?? 0;
    assert.deepEqual(clause(e, 'workerpool', 'tag'), {
      kind: 'workerpool',
      clause: 'tag',
      failing: pools,
      of: pools,
      fix: 'drop tag bit 3',
    });
    assert.match(e.reason ?? '', /DealTagMismatch/);
  });

  test('a private pool refuses an outsider, and the explanation names the pool and the funds', async () => {
    const outsider = stack.clientOf(stack.accounts.spare[0]!);
    const { requestHash } = await requestRun(outsider, stack.market, {
      app: ctx.app,
      tasks: mcTasks(1),
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      publicResults: true,
    });
    const s = await statusUntil(requestHash, (x) => /RequesterNotAllowed/.test(x.reason ?? ''));
    assert.match(s.reason ?? '', /this private pool does not serve/);
    const e = await explainRequest(stack.market, requestHash);
    assert.equal(e.matchable, false);
    assert.equal(clause(e, 'workerpool', 'privatePool')?.failing, e.kinds.workerpool?.candidates);
    // A pool private to one requester says so on chain: its orders restrict the requester, so even a
    // match sent by the outsider itself, bypassing the scheduler, is refused by the hub.
    assert.equal(clause(e, 'workerpool', 'requesterRestrict')?.failing, e.kinds.workerpool?.candidates);
    const [pool] = (await stack.market.listOrders({ kind: 'workerpool', status: 'open', category: 0 })) as OrderEntry<'workerpool'>[];
    const [appOrder] = (await stack.market.listOrders({ kind: 'app', app: ctx.app, status: 'open' })) as OrderEntry<'app'>[];
    const request = (await stack.market.getOrder(requestHash)) as OrderEntry<'request'>;
    await assert.rejects(
      matchOrders(outsider, { appOrder: appOrder!.order, workerpoolOrder: pool!.order, requestOrder: request.order }),
      (err: ProofgridError) => err.code === 'DealRestricted',
    );
    assert.match(clause(e, 'request', 'funds')?.fix ?? '', /^deposit 0.015 PGT more \(needs 0.015 PGT for 1 task, has 0 PGT\)$/);
  });

  test('a private pool refuses an outsider worker at registration (WorkerNotAllowed), its own worker serves', async () => {
    const outsider = privateKeyToAccount(stack.accounts.spare[1]!.privateKey);
    const scheduler = createWorkerProtocolClient({ baseUrl: stack.market.url });
    const c = await scheduler.challenge();
    const signature = await outsider.signTypedData(
      registrationTypedData({ ...c, worker: outsider.address, workerpool: BigInt(c.workerpool) }) as never,
    );
    const resources = { cpus: 2, memoryMb: 2048, diskGb: 10, gpus: 0, tee: false, region: 'local' };
    await assert.rejects(scheduler.register({ address: outsider.address, resources, ...c, signature } as never), (e: ApiError) => {
      assert.equal(e.code, 'WorkerNotAllowed');
      assert.equal(e.status, 403);
      return true;
    });
    const workers = await stack.market.listWorkers();
    assert.deepEqual(
      workers.map((w) => w.address.toLowerCase()),
      [devAccount(6).address.toLowerCase()],
      'only the allowed worker is registered',
    );
  });
});
