// The page's static server under hostile requests (issue 14's class: bad input gets a clear error and
// loses nothing): a malformed path, a directory, a path that climbs out of dist/, an unsupported
// method, a request flood from one address. The server answers each and keeps serving.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { buildWebApp, startWebServer } from '../server.ts';

type Web = Awaited<ReturnType<typeof startWebServer>>;
let web: Web;
const deployment = { chainId: 31337, hub: `0x${'11'.repeat(20)}` };

/** A raw request (no URL normalization by the client), answering the status and body. */
function raw(method: string, path: string, url = web.url): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: hostname, port, method, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', fail);
    req.end();
  });
}

before(async () => {
  await buildWebApp();
  web = await startWebServer({
    deployment,
    marketUrl: 'https://127.0.0.1:1',
    limits: { rate: { ip: { perSecond: 1, burst: 20 }, loopback: true } },
  });
});
after(() => web?.close());

describe('web static server', () => {
  test('a malformed percent-encoding is a 400, and the server keeps serving', async () => {
    const bad = await raw('GET', '/%E0%A4%A');
    assert.equal(bad.status, 400);
    assert.equal(JSON.parse(bad.body).error.code, 'PagePathInvalid');
    const ok = await raw('GET', '/config.json');
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.body).deployment.chainId, 31337);
  });

  test('a directory of dist/ is not read as a file: the page is served instead', async () => {
    const res = await raw('GET', '/assets');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /text\/html/);
  });

  test('a path that climbs out of dist/ gets the page, never a file outside it', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/../dist-x/../server.ts']) {
      const res = await raw('GET', path);
      assert.equal(res.status, 200, path);
      assert.doesNotMatch(res.body, /"name": "@proofgrid\/web"|startWebServer/, path);
    }
  });

  test('only GET and HEAD: other methods are 405', async () => {
    const res = await raw('POST', '/config.json');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, HEAD');
    assert.equal(JSON.parse(res.body).error.code, 'PageMethodRefused');
  });

  test('one address past its burst gets 429 RateLimited with retry-after; the server keeps serving others', async () => {
    let limited: Awaited<ReturnType<typeof raw>> | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await raw('GET', '/config.json');
      if (res.status === 429) limited = res;
      else assert.equal(res.status, 200);
    }
    assert.ok(limited, 'no 429 after 40 requests with a burst of 20');
    assert.equal(JSON.parse(limited.body).error.code, 'RateLimited');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
  });

  test('static answers say what they are: nosniff, no framing', async () => {
    const res = await raw('GET', '/');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });
});
