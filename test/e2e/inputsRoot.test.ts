// The inputs root (decision 031) through the whole stack, real processes: the requester signs the root of its tasks'
// inputs (computed with the machine's own code, packages/disputes inputsRootOfTasks); the worker process checks its
// task's leaf before answering (AnswerInputsMismatch otherwise), keeps the deal's leaves in its answer journal and,
// when anyone demands its start, proves it with the leaf's path: the demander loses its deposit, the answer stands.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inputsRootOfTasks } from '@proofgrid/disputes';
import { demandStart, deposit, getApp, getBalances, requestRun, taskIdOf, waitForDeal } from '@proofgrid/sdk';
import {
  MONTECARLO,
  PRICE,
  type Stack,
  advanceChain,
  answerOf,
  events,
  mcTasks,
  setupMarket,
  startStack,
  waitUntil,
} from '@proofgrid/testkit';
import { type Hex, parseEther, zeroHash } from 'viem';

const BIN = join(resolve(import.meta.dirname, '../..'), 'packages/cli/bin/proofgrid.mjs');

describe('inputs root: a worker answers a deal whose request signed its inputs, and proves its start on demand', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({ workers: 1 });
    ctx = await setupMarket(stack);
  });
  after(async () => {
    if (process.env.PROOFGRID_E2E_LOGS && stack) (await import('node:fs')).writeFileSync(process.env.PROOFGRID_E2E_LOGS, stack.logs());
    await stack?.stop();
  });

  test('the worker answers, and proves its start with its leaf when demanded', async () => {
    const tasks = mcTasks(2, 50);
    const app = await getApp(ctx.requester, { app: ctx.app });
    const { root } = inputsRootOfTasks({ module: readFileSync(MONTECARLO), tasks, appMemoryMb: Number(app.maxMemoryMb) });
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app: ctx.app,
      tasks,
      appMaxPrice: PRICE,
      workerpoolMaxPrice: PRICE,
      verification: 'optimistic',
      challengeWindow: 600n,
      inputsRoot: root,
    });
    const dealId = await waitForDeal(stack.market, requestHash);
    const view = await stack.market.getDeal(dealId);
    assert.equal(view.key.inputsRoot, root, 'the signed root is in the deal key');
    await waitUntil(
      async () => (await stack.market.getDeal(dealId)).tasks[1]!,
      (t) => t.answer === 'answered',
      'task 1 answered on chain',
    );
    const account = stack.accounts.spare[0]!;
    const demander = stack.clientOf(account);
    await deposit(demander, { amount: parseEther('1') });
    const answer = (await answerOf(ctx.requester, dealId, 1))!;
    await demandStart(demander, { key: view.key, index: 1, outputDigest: answer.outputDigest, claim: answer.claim });
    const [proven] = await waitUntil(
      async () => (await events(ctx.requester, 'StartProven')).filter((e) => e.args.subject === taskIdOf(dealId, 1)),
      (list) => list.length === 1,
      'the start proven by the worker process',
    );
    assert.equal((proven!.args.paidTo as string).toLowerCase(), answer.answerer.toLowerCase(), "the demander's deposit to the answerer");
    const lost = await getBalances(demander, { account: account.address });
    assert.ok(lost.escrow + lost.locked < parseEther('1'), 'the demander lost its deposit');
  });

  test('proofgrid run --verify optimistic signs the inputs root by default; the worker answers it and it is finalized', async () => {
    const matched = (await events(ctx.requester, 'DealMatched')).length;
    // The run ends by downloading its result and checking it against the answer on chain (fetchAnsweredResults with
    // the CLI's provable check): it failed with ResultRootMismatch before, an optimistic deal having no batch root.
    const done = new Promise<string>((ok) =>
      execFile(
        process.execPath,
        [BIN, 'run', 'montecarlo', '--tasks', '1', '--params', '{"paths":50}', '--verify', 'optimistic', '--window', '600'].concat([
          '--public-results',
          '--timeout',
          '120',
          '--out',
          mkdtempSync(join(tmpdir(), 'h12-inputs-')),
          '--as',
          'requester',
          '--json',
        ]),
        { env: { ...process.env, PROOFGRID_DEPLOYMENT: stack.deploymentFile, PROOFGRID_MARKET: stack.market.url, PROOFGRID_KEY: '' } },
        (err, stdout, stderr) => ok(err ? `${stdout}${stderr}` : stdout),
      ),
    );
    const [ev] = await waitUntil(
      async () => (await events(ctx.requester, 'DealMatched')).slice(matched),
      (list) => list.length === 1,
      "the CLI's deal matched",
    );
    const dealId = ev!.args.dealId as Hex;
    const deal = await stack.market.getDeal(dealId);
    assert.notEqual(deal.key.inputsRoot, zeroHash, 'the request signed an inputs root');
    await waitUntil(
      async () => (await stack.market.getDeal(dealId)).tasks[0]!,
      (t) => t.answer === 'answered',
      'answered by the worker (its leaf under the root the CLI computed)',
    );
    await advanceChain(ctx.requester, 601);
    await waitUntil(
      async () => (await stack.market.getDeal(dealId)).tasks[0]!,
      (t) => t.answer === 'finalized',
      'finalized',
    );
    const out = await done;
    const run = JSON.parse(out.slice(out.indexOf('{'))) as { status: string; verified: number };
    assert.equal(run.status, 'completed', out);
    assert.equal(run.verified, 1, 'the answered result downloaded and checked against its output commitment');
  });
});
