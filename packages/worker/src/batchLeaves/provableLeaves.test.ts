// Provable leaves of disputable replicated batches (H10, decision 030): what each replica commits per task.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Trace, encodeProvableResult, machineImageOf } from '@proofgrid/disputes';
import { type DealKey, type ProofgridClient, provableDigestOf, resultDigestOf } from '@proofgrid/sdk';
import { type Hex, zeroHash } from 'viem';
import { exitThreeModule, randomModule } from '../sandbox/fixtures/probeModules.ts';
import { disputabilityOf } from './disputable.ts';
import { provableLeavesOf } from './provableLeaves.ts';

const request = (module: Uint8Array, seed: string) => ({
  module,
  args: [],
  files: {},
  seed,
  env: {},
  limits: { memoryMb: 16, maxOutputBytes: 1 << 20 },
});
const limits = { timeoutMs: 10_000 };
const plainSeal = async (plain: Uint8Array) => plain;

describe('provable leaves of a disputable replicated batch', () => {
  test("each task's leaf is provableDigestOf(output commitment, claim) of its run, beside its provable result blob", async () => {
    const tasks = [
      { index: 4, request: request(randomModule, '1') },
      { index: 5, request: request(randomModule, '2') },
    ];
    const leaves = await provableLeavesOf({ tasks, limits, image: machineImageOf(randomModule), seal: plainSeal });
    assert.equal(leaves.length, 2);
    for (const [i, t] of tasks.entries()) {
      const local = new Trace(t.request);
      const claim = local.end();
      const output = local.output();
      const leaf = leaves[i]!;
      assert.equal(leaf.index, t.index);
      assert.deepEqual(leaf.claim, claim);
      assert.equal(leaf.outputDigest, output.commitment);
      assert.equal(leaf.leaf, provableDigestOf(output.commitment, claim));
      assert.deepEqual(leaf.blob, encodeProvableResult(output.result));
      assert.equal(leaf.blobDigest, resultDigestOf(leaf.blob));
    }
    assert.notEqual(leaves[0]!.leaf, leaves[1]!.leaf, 'two seeds, two runs');
  });

  test('the blob is sealed for the requester (its digest is the sealed bytes), the leaf is of the plain run', async () => {
    const tasks = [{ index: 0, request: request(randomModule, '1') }];
    const seal = async (plain: Uint8Array) => Uint8Array.of(0xee, ...plain);
    const [sealed] = await provableLeavesOf({ tasks, limits, image: machineImageOf(randomModule), seal });
    const [plain] = await provableLeavesOf({ tasks, limits, image: machineImageOf(randomModule), seal: plainSeal });
    assert.equal(sealed!.leaf, plain!.leaf);
    assert.equal(sealed!.blob[0], 0xee);
    assert.equal(sealed!.blobDigest, resultDigestOf(sealed!.blob));
  });

  test("a registered image that is not the module's: AnswerImageMismatch, as every honest replica refuses", async () => {
    const tasks = [{ index: 0, request: request(randomModule, '1') }];
    await assert.rejects(
      provableLeavesOf({ tasks, limits, image: machineImageOf(exitThreeModule), seal: plainSeal }),
      (err: { code?: string }) => err.code === 'AnswerImageMismatch',
    );
  });

  test('a task that does not exit 0 on the machine (it did in the sandbox) is not committed', async () => {
    const tasks = [{ index: 0, request: request(exitThreeModule, '1') }];
    await assert.rejects(
      provableLeavesOf({ tasks, limits, image: machineImageOf(exitThreeModule), seal: plainSeal }),
      (err: { code?: string }) => err.code === 'Internal',
    );
  });
});

describe('which replicated deals are disputable', () => {
  const image = `0x${'11'.repeat(32)}` as Hex;
  /** A client whose hub answers `rollbackWindow()` and `machineImageOf(app, owner)`; counts the reads. */
  const clientOf = (hubWindow: bigint, registered: Hex) => {
    const reads: string[] = [];
    const client = {
      deployment: { hub: `0x${'22'.repeat(20)}` },
      public: {
        readContract: async ({ functionName }: { functionName: string }) => {
          reads.push(functionName);
          return functionName === 'rollbackWindow' ? hubWindow : registered;
        },
      },
    } as unknown as ProofgridClient;
    return { client, reads };
  };
  const keyOf = (fields: Partial<DealKey>) =>
    ({ verification: 0, rollbackWindow: 0n, dataset: 0n, app: 1n, appOwner: `0x${'33'.repeat(20)}`, ...fields }) as DealKey;

  test("the deal's own window, else the hub's; an image registered by the app's owner", async () => {
    const own = clientOf(0n, image);
    assert.deepEqual(await disputabilityOf(own.client, keyOf({ rollbackWindow: 600n })), { disputable: true, rollbackWindow: 600n, image });
    assert.deepEqual(own.reads, ['machineImageOf'], "the deal's term: the hub's window is not read");
    const hub = clientOf(3600n, image);
    assert.deepEqual(await disputabilityOf(hub.client, keyOf({})), { disputable: true, rollbackWindow: 3600n, image });
  });

  test('no window, no image, an optimistic deal or a confidential dataset: not disputable', async () => {
    assert.deepEqual(await disputabilityOf(clientOf(0n, image).client, keyOf({})), { disputable: false });
    assert.deepEqual(await disputabilityOf(clientOf(3600n, zeroHash).client, keyOf({})), { disputable: false });
    assert.deepEqual(await disputabilityOf(clientOf(3600n, image).client, keyOf({ verification: 1 })), { disputable: false });
    assert.deepEqual(await disputabilityOf(clientOf(3600n, image).client, keyOf({ dataset: 7n })), { disputable: false });
  });
});
