// The deal page's verification section in a real browser (Chromium from npm, driven by playwright-core) against a
// devnet with the real dispute game, no market: an optimistic deal whose task 0 was answered with a made-up end root,
// challenged, played to a one-step proof by packages/disputes' players, resolved and refunded (the SDK test's
// fixture), and whose task 1 is answered and waiting. The page reads it all from the chain.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { keccak256, toHex } from 'viem';
import { OPTIMISTIC_PRICE } from '@proofgrid/testkit';
import { challengeBatch, dealIdOf, getDisputeTimeline, jsonSafe, taskIdOf } from '@proofgrid/sdk';
import { startOptimisticDeal } from '@proofgrid/testkit';
import { playLyingAnswer } from '../../sdk/test/finishedGame.ts';
import { pushReplicatedBatch } from '../../sdk/test/replicatedBatch.ts';
import { startWebServer } from '../server.ts';
import { launchBrowser } from './launchBrowser.ts';

const SHOTS = join(resolve(import.meta.dirname, '../../..'), 'test-results', 'screenshots');
const T = 60_000; // every wait is for page content, never a sleep

describe('deal page: verification state and a finished dispute game as a timeline (real browser)', { timeout: 300_000 }, () => {
  let deal: Awaited<ReturnType<typeof startOptimisticDeal>>;
  let web: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  let page: Page;
  let dealId: `0x${string}`;
  let replicatedId: `0x${string}`;

  before(async () => {
    const [d, b] = await Promise.all([startOptimisticDeal({ volume: 2n, challengeWindow: 600n }), launchBrowser()]);
    deal = d;
    browser = b;
    dealId = dealIdOf(deal.key);
    await playLyingAnswer(deal, 0);
    const claim = { startRoot: keccak256(toHex('s')), endRoot: keccak256(toHex('e')), steps: 1000n };
    await deal.answer({ index: 1, outputDigest: keccak256(toHex('out 1')), claim });
    // A replicated deal whose pushed batch [0, 2) has task 1 challenged inside its rollback window.
    const outputs = [keccak256(toHex('r0')), keccak256(toHex('r1'))];
    const claims = [claim, { ...claim, steps: 2000n }];
    const batch = await pushReplicatedBatch(deal, { outputs, claims, rollbackWindow: 600n, price: OPTIMISTIC_PRICE });
    await challengeBatch(deal.clients.worker1!, {
      key: batch.key,
      first: 0,
      count: 2,
      index: 1,
      outputDigest: outputs[1]!,
      claim: claims[1]!,
      digests: batch.digests,
    });
    replicatedId = dealIdOf(batch.key);
    // Dev mode (Vite middleware): no build into dist/, which the other browser test writes.
    web = await startWebServer({
      deployment: jsonSafe(deal.devnet.deployment) as Record<string, unknown>,
      marketUrl: 'http://127.0.0.1:9', // no market: the verification section reads the chain alone
      dev: true,
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(T);
  });
  after(async () => {
    await browser?.close();
    await web?.close();
    await deal?.devnet.stop();
  });

  test("each task's ECM state: the disputed one refunded and overturned, the other waiting in its window", async () => {
    await page.goto(`${web.url}/#/deal/${dealId}`);
    await page.getByTestId('verification-mode').filter({ hasText: 'Optimistic' }).waitFor();
    const task0 = page.getByTestId('verification-task-0');
    await task0.filter({ hasText: 'Finalized' }).waitFor();
    assert.match((await task0.textContent()) ?? '', /Finalized\s*\(refunded\)\s*overturned/);
    assert.match((await task0.textContent()) ?? '', /closed \(refunded\)1 \(0 games open\)/);
    const task1 = page.getByTestId('verification-task-1');
    assert.match((await task1.textContent()) ?? '', /WaitingForResolution\s*\(answered\).*open for \d+ s more/);
  });

  test("the finished game's timeline: every move with its mover, part, gas and clocks, then the end", async () => {
    const timeline = page.getByTestId('dispute-timeline-0');
    await timeline.waitFor();
    const sdk = await getDisputeTimeline(deal.clients.requester!, { taskId: taskIdOf(dealId, 0) });
    const events = await timeline.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-event')));
    assert.deepEqual(
      events,
      sdk.map((e) => e.event),
      'the page shows the SDK timeline, in order',
    );
    const text = (await timeline.textContent()) ?? '';
    assert.match(text, /Challenger bisected.*disputed part 0 of 1: steps 0–1048576 in 32 parts/);
    assert.match(text, /Defender bisected.*disputed part 31 of 32/);
    assert.match(text, /Challenger proved one step.*had the contract execute step 1048576/);
    assert.match(text, /Game over.*the challenger won/);
    assert.match(text, /Deposits moved.*the challenger won: 0\.1 PGT to/);
    assert.match(text, /Finalized.*the requester was refunded/);
    const bisect = timeline.locator('li[data-event="Bisected"]').first();
    assert.match((await bisect.textContent()) ?? '', /\d+ gas .*clocks: challenger \d+ (min|s|h)/);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'dispute.png'), fullPage: true });
  });

  test("the audit trail names the deal's dispute events in words", async () => {
    const trail = page.getByTestId('audit-trail');
    await trail.locator('li[data-event="ChallengeResolved"]').waitFor();
    const text = (await trail.textContent()) ?? '';
    assert.match(text, /Challenged 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4} challenged the answer \(challenge 0\)/);
    assert.match(text, /Deposits moved the challenger won: 0\.1 PGT to/);
    assert.match(text, /Finalized the requester was refunded/);
  });

  test('a replicated deal: its batch in the rollback window, the open batch challenge as a timeline', async () => {
    await page.goto(`${web.url}/#/deal/${replicatedId}`);
    await page.getByTestId('verification-mode').filter({ hasText: 'Replicated' }).waitFor();
    assert.match((await page.getByTestId('verification-mode').textContent()) ?? '', /trust 1.*rollback window of 600 s/);
    const row = page.getByTestId('verification-batch-0');
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /0–1.*open for \d+ s more.*agreed, still challengeable/);
    const timeline = page.getByTestId('dispute-timeline-batch-0');
    await timeline.waitFor();
    const events = await timeline.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-event')));
    assert.deepEqual(events, ['BatchChallenged', 'GameOpened', 'DisputeGameOpened']);
    assert.match((await timeline.textContent()) ?? '', /challenged task 1 of the batch \(challenge 0\)/);
  });
});
