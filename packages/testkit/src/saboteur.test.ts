import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resultDigestOf } from '@proofgrid/sdk';
import type { Lease } from '@proofgrid/sdk/protocol';
import type { TaskOutput } from '@proofgrid/worker';
import { lazySaboteur } from './saboteur.ts';

const lease = (leaseId: number, trust: number) => ({ leaseId, trust, tasks: [{ index: 4 }, { index: 5 }] }) as unknown as Lease;
const honestOutputs: TaskOutput[] = [4, 5].map((i) => ({
  blob: new Uint8Array([i]),
  digest: resultDigestOf(new Uint8Array([i])),
  wallMs: 1,
  memoryPeakBytes: 1,
}));

describe('lazy saboteur strategy', () => {
  test('honest for the first n replicated contributions, then junk without running; trust 1 always honest', async () => {
    const s = lazySaboteur(1);
    let runs = 0;
    const run = async () => {
      runs++;
      return honestOutputs;
    };
    assert.equal(await s.outputs(lease(1, 3), run), honestOutputs);
    assert.equal(await s.outputs(lease(2, 3), run), honestOutputs, 'nothing contributed yet: still honest');
    s.committed?.(lease(1, 3), 'contributed');
    const junk = await s.outputs(lease(3, 3), run);
    assert.equal(runs, 2, 'the junk batch was not run');
    assert.deepEqual(
      junk.map((o) => new TextDecoder().decode(o.blob).includes(`junk`)),
      [true, true],
    );
    assert.notDeepEqual(
      junk.map((o) => o.digest),
      honestOutputs.map((o) => o.digest),
    );
    assert.equal(await s.outputs(lease(4, 1), run), honestOutputs);
    s.committed?.(lease(3, 3), 'contributed');
    await s.outputs(lease(5, 3), run);
    assert.equal(runs, 3, 'once it cheats it keeps cheating (only the trust-1 batch ran since)');
  });
});
