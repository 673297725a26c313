// Issue 14, defects 1 and 2, on a real scheduler process: a small request may not make the
// scheduler build a huge answer (one blob asked for again and again), and a huge body is refused
// while it streams in, not after it was buffered. Measured by the scheduler's own resident memory
// (its Prometheus process metrics). Before the fixes: a 1.7 KB fetch of one 20 MiB blob 24 times
// was answered with 480 MiB, and a 200 MB upload grew the process by ~500 MB before its 413.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { contentHashOf } from '@proofgrid/sdk';
import { type Stack, startStack } from '@proofgrid/testkit';

const MiB = 1 << 20;

describe('the scheduler is not an amplifier and does not buffer what it refuses (real processes)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ workers: 0 });
  });
  after(async () => stack?.stop());

  const get = (path: string, init?: RequestInit) => stack.fetch(`${stack.market.url}${path}`, init);
  /** The scheduler process's resident memory, from its own metrics. */
  async function rss(): Promise<number> {
    const text = await (await get('/metrics')).text();
    const m = /^proofgrid_scheduler_process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
    assert.ok(m, 'the scheduler reports its resident memory');
    return Number(m[1]);
  }

  test('a fetch of one 20 MiB blob 24 times is refused with BlobFetchTooLarge before anything is read', async () => {
    const blob = new Uint8Array(20 * MiB).fill(7);
    const hash = contentHashOf(blob);
    await stack.market.putBlob(blob, hash);
    const before = await rss();
    const body = JSON.stringify({ hashes: Array.from({ length: 24 }, () => hash) });
    const r = await get('/v1/blobs/fetch', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = await r.arrayBuffer();
    assert.equal(r.status, 413, `answered ${r.status} with ${answer.byteLength} bytes`);
    const error = (JSON.parse(new TextDecoder().decode(answer)) as { error: { code: string; details: { limit: number } } }).error;
    assert.equal(error.code, 'BlobFetchTooLarge');
    assert.ok(error.details.limit < 24 * 20 * MiB, 'the limit is named and below what was asked');
    const grown = (await rss()) - before;
    assert.ok(grown < 100 * MiB, `the scheduler grew by ${Math.round(grown / MiB)} MiB`);
    // The same blob asked for once is still served whole.
    const one = await stack.market.getBlobs([hash]);
    assert.equal(one[0]?.byteLength, 20 * MiB);
  });

  test('a 200 MB upload streamed without Content-Length is cut off at the blob limit, not buffered whole', async () => {
    const before = await rss();
    const total = 200 * 1000 * 1000;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (sent >= total) return ctl.close();
        const n = Math.min(MiB, total - sent);
        sent += n;
        ctl.enqueue(new Uint8Array(n));
      },
    });
    const hash = `0x${'ab'.repeat(32)}`;
    const status = await get(`/v1/blobs/${hash}`, { method: 'PUT', body, duplex: 'half' } as RequestInit).then(
      (r) => r.status,
      () => 'reset' as const, // the server may close the socket while the client still sends
    );
    assert.ok(status === 413 || status === 'reset', `refused (got ${status})`);
    assert.ok(sent < total, `the upload was cut off (${Math.round(sent / MiB)} MiB sent of ${Math.round(total / MiB)})`);
    const grown = (await rss()) - before;
    assert.ok(grown < 250 * MiB, `the scheduler grew by ${Math.round(grown / MiB)} MiB`);
    // And it still answers.
    assert.equal((await get('/v1/status')).status, 200);
  });
});
