// Slow clients (decision 016): a Node server set up as the scheduler and the secret service set
// theirs (serverTimeoutOptions at creation, applyServerTimeouts after) cuts off a client that never
// finishes its headers, one that trickles its body, and a socket that says nothing, while a
// legitimate slow answer (a long poll) within the request timeout is served.
import assert from 'node:assert/strict';
import { type AddressInfo, Socket } from 'node:net';
import { after, test } from 'node:test';
import { serve } from '@hono/node-server';
import { type ServerTimeouts, applyServerTimeouts, serverTimeoutOptions } from '@proofgrid/sdk/api';
import { Hono } from 'hono';

const timeouts: ServerTimeouts = { headersMs: 400, requestMs: 1200, keepAliveMs: 500, idleMs: 1500 };
const app = new Hono();
app.get('/slow', async (c) => {
  await new Promise((r) => setTimeout(r, 800));
  return c.json({ ok: true });
});
app.post('/echo', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, serverOptions: serverTimeoutOptions(timeouts) }, () => resolve(s));
});
applyServerTimeouts(server as never, timeouts);
const port = (server.address() as AddressInfo).port;
after(() => server.close());

/** Opens a raw socket, writes `first`, then `drip` every 100 ms; resolves when the server closes it. */
function slowClient(first: string, drip: string) {
  return new Promise<{ ms: number; answer: string }>((resolve, reject) => {
    const started = Date.now();
    const socket = new Socket();
    let answer = '';
    let timer: ReturnType<typeof setInterval> | undefined;
    socket.on('data', (d) => (answer += d));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, answer });
    });
    socket.connect(port, '127.0.0.1', () => {
      if (first) socket.write(first);
      if (drip) timer = setInterval(() => socket.writable && socket.write(drip), 100);
    });
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server never closed the slow client'));
    }, 10_000).unref();
  });
}

test('headers that never finish: 408 and closed after the headers timeout, while other clients are served', async () => {
  const slow = slowClient('GET /slow HTTP/1.1\r\nHost: x\r\n', 'X-Pad: a\r\n');
  const res = await fetch(`http://127.0.0.1:${port}/slow`);
  assert.equal(res.status, 200);
  const { ms, answer } = await slow;
  assert.match(answer, /^HTTP\/1\.1 408/);
  assert.ok(ms >= timeouts.headersMs && ms < timeouts.headersMs + 1500, `closed after ${ms} ms`);
});

test('a body that trickles in: cut off after the request timeout', async () => {
  const { ms } = await slowClient('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', 'x');
  assert.ok(ms >= timeouts.requestMs && ms < timeouts.requestMs + 1500, `closed after ${ms} ms`);
});

test('a socket that sends nothing is closed after the headers timeout', async () => {
  const { ms, answer } = await slowClient('', '');
  assert.match(answer, /^(HTTP\/1\.1 408|$)/);
  assert.ok(ms >= timeouts.headersMs && ms < timeouts.headersMs + 1500, `closed after ${ms} ms`);
});

test('an answer slower than the headers timeout, within the request timeout, is served', async () => {
  const res = await fetch(`http://127.0.0.1:${port}/slow`);
  assert.deepEqual(await res.json(), { ok: true });
});
