// Request limits on real processes (decision 016): a scheduler started with small limits by its
// flags refuses a flooding client with 429 RateLimited and retry-after while a real worker completes
// a job, and closes a slowloris socket. The flood comes from its own loopback address (127.0.0.2),
// so with --limit-loopback it is a client apart from the workers and this test (127.0.0.1).
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fetchResults, requestRun, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import { PRICE, type Stack, mcTasks, setupMarket, startStack } from '@proofgrid/testkit';

const IP_RATE = 30;
const IP_BURST = 100;

describe('request limits (real scheduler and worker processes)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  before(async () => {
    stack = await startStack({
      workers: 1,
      schedulerArgs: [
        '--limit-loopback',
        '--ip-rate',
        String(IP_RATE),
        '--ip-burst',
        String(IP_BURST),
        '--headers-timeout',
        '1000',
        '--request-timeout',
        '40000',
      ],
    });
    ctx = await setupMarket(stack);
  });
  after(async () => stack?.stop());

  const url = () => new URL(stack.market.url);
  /** Requests from 127.0.0.2 over a keep-alive agent: [status, retry-after, error details] of each. */
  const agent = new Agent({ keepAlive: true, maxSockets: 16, localAddress: '127.0.0.2' } as never);
  after(() => agent.destroy());
  const fromFlooder = (path: string) =>
    new Promise<{ status: number; retryAfter?: string; body: string }>((resolve, reject) => {
      const req = request({ host: url().hostname, port: url().port, path, agent }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }));
      });
      req.on('error', reject);
      req.end();
    });
  const flood = async (n: number) => {
    const out: Awaited<ReturnType<typeof fromFlooder>>[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, lane) => {
        for (let i = lane; i < n; i += 16) out.push(await fromFlooder('/v1/deals'));
      }),
    );
    return out;
  };

  test('GET /v1/info reports the limits the flags set', async () => {
    const info = await stack.market.info();
    assert.deepEqual(info.limits.rate.ip, { perSecond: IP_RATE, burst: IP_BURST });
    assert.equal(info.limits.rate.loopback, true);
    assert.deepEqual(info.limits.rate.worker, { perSecond: 50, burst: 200 });
    assert.equal(info.limits.timeouts.headersMs, 1000);
    assert.equal(info.limits.longPollMaxMs, 30_000);
  });

  test('a flooding client gets 429 RateLimited with retry-after while a real worker completes a job', async () => {
    const first = await flood(400);
    const refused = first.filter((r) => r.status === 429);
    assert.ok(refused.length >= 400 - IP_BURST - 2 * IP_RATE, `${refused.length} of 400 refused`);
    assert.ok(first.filter((r) => r.status === 200).length >= IP_BURST, 'the burst was served');
    for (const r of refused) {
      assert.ok(Number(r.retryAfter) >= 1, `retry-after ${r.retryAfter}`);
      const { error } = JSON.parse(r.body) as { error: { code: string; details: Record<string, unknown> } };
      assert.equal(error.code, 'RateLimited');
      assert.equal(error.details.scope, 'ip');
      assert.equal(error.details.limit, IP_RATE);
      assert.equal(error.details.windowMs, 1000);
    }
    // The flood goes on while a job runs: the worker and this client are other clients.
    let flooding = true;
    let during = 0;
    const flooder = (async () => {
      while (flooding) during += (await flood(64)).filter((r) => r.status === 429).length;
    })();
    try {
      const requester = stack.clientOf(stack.accounts.requester);
      const { requestHash, resultKey } = await requestRun(requester, stack.market, {
        app: ctx.app,
        tasks: mcTasks(4),
        appMaxPrice: PRICE,
        workerpoolMaxPrice: PRICE,
      });
      const dealId = await waitForDeal(stack.market, requestHash);
      const deal = await waitForDealEnd(stack.market, dealId, { timeoutMs: 90_000 });
      assert.equal(deal.status, 'completed');
      const results = await fetchResults(requester, stack.market, deal, { resultKey });
      assert.equal(results.length, 4);
    } finally {
      flooding = false;
      await flooder;
    }
    assert.ok(during > 0, 'the flood was refused while the job ran');
    const metrics = await (await fetch(`${stack.market.url}/metrics`)).text();
    assert.match(metrics, /proofgrid_http_rate_limited_total\{scope="ip"\} [1-9]/);
    assert.doesNotMatch(metrics, /proofgrid_http_rate_limited_total\{scope="worker"\}/, 'the real worker was never limited');
  });

  test('a slowloris socket is closed by the scheduler, which goes on serving', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = new Socket();
      let out = '';
      let timer: ReturnType<typeof setInterval> | undefined;
      socket.on('data', (d) => (out += d));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve(out);
      });
      socket.connect(Number(url().port), url().hostname, () => {
        socket.write('POST /v1/workers/heartbeat HTTP/1.1\r\nHost: x\r\n');
        timer = setInterval(() => socket.writable && socket.write('X-Pad: a\r\n'), 200);
      });
      setTimeout(() => {
        socket.destroy();
        reject(new Error('the scheduler never closed the slow client'));
      }, 15_000).unref();
    });
    const ms = Date.now() - started;
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(ms >= 1000 && ms < 5000, `closed after ${ms} ms`);
    assert.equal((await stack.market.status()).workers.online, 1);
  });
});
