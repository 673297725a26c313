import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import { buildApps } from '../index.ts';
import { matchExpected } from '../lib/expected.ts';

const run = promisify(execFile);
const SCRIPT = new URL('../lib/bagDigests.ts', import.meta.url).pathname;

describe('determinism across worker processes', () => {
  before(() => buildApps());

  test('two separate OS processes running every default bag in their own sandbox get bit-identical result digests', async () => {
    const [a, b] = await Promise.all(
      [1, 2].map(async () => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', SCRIPT], { cwd: new URL('../..', import.meta.url).pathname });
        return JSON.parse(stdout) as { pid: number; digests: Record<string, string[]> };
      }),
    );
    assert.notEqual(a!.pid, b!.pid);
    assert.deepEqual(a!.digests, b!.digests);
    assert.equal(Object.keys(a!.digests).length, 6);
    for (const digests of Object.values(a!.digests)) for (const d of digests) assert.match(d, /^0x[0-9a-f]{64}$/);
    // …and the same as on the machine that committed them.
    matchExpected(new URL('./expected-digests.json', import.meta.url), a!.digests);
  });
});
