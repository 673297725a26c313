// proofgrid-verifier against a liar on other inputs when the request signed an inputs root (decision 031), real
// processes: a devnet with the real hub, an optimistic deal of the montecarlo example whose request signs the root of
// its tasks' inputs, a content store serving the module over HTTP, the verifier as a child process (worker1). The liar
// (worker0) answers task 1 with a true run of the right program on other arguments: the verifier's own run starts
// elsewhere, so it demands the start; the liar cannot prove it (StartInputsUnbound: its start is not task 1's signed
// leaf), and the demand overturns the answer once the dispute clock has run. Without the root the same liar proves its
// start and the verifier loses (test/e2e/verifier.test.ts). Chain time moves only by evm_increaseTime.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bindingArguments, inputsProofOf, inputsRootOfTasks, Trace, taskInputsFieldsOf } from '@proofgrid/disputes';
import { type DealKey, dealIdOf, getTaskResolution, proveStart, taskIdOf, taskInputsOf } from '@proofgrid/sdk';
import { startOptimisticDeal } from '@proofgrid/testkit';
import { type Hex, sha256 } from 'viem';
import { loadModule, montecarlo } from '../../examples/index.ts';

type Deal = Awaited<ReturnType<typeof startOptimisticDeal>>;
type TaskStatus = { index: number; state: string; finalized: boolean; detail?: string };

const ROOT = new URL('../..', import.meta.url).pathname;
const MAIN = join(ROOT, 'packages/verifier/src/main.ts');
const CLOCK = 3600; // the devnet's dispute clock (decision 026)

describe('proofgrid-verifier with an inputs root: a true run on other inputs is overturned through a start demand', () => {
  let deal: Deal;
  let key: DealKey;
  let server: Server;
  let leaves: Hex[];
  let verifier: ChildProcess | undefined;
  let status: () => Promise<{ tasks: TaskStatus[] }>;
  let run: (index: number, args?: string[]) => Promise<Trace>;

  before(async () => {
    const module = loadModule('montecarlo');
    const args = montecarlo.buildTasks({ paths: 2, tasks: 1 })[0]!.args;
    const moduleHash = sha256(module);
    const blobs = new Map<string, Uint8Array>([[moduleHash, module]]);
    server = createServer((req, res) => {
      const bytes = blobs.get(/^\/v1\/blobs\/(0x[0-9a-f]{64})$/.exec(req.url ?? '')?.[1] ?? '');
      res.writeHead(bytes ? 200 : 404).end(bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(join(tmpdir(), 'h12-verifier-inputs-'));
    const deploymentFile = join(dir, 'deployment.json');
    const signed = inputsRootOfTasks({ module, tasks: [{ args }, { args }], appMemoryMb: 16 });
    leaves = signed.leaves;
    deal = await startOptimisticDeal({
      volume: 2n,
      challengeWindow: 600n,
      app: { uri: 'blob:montecarlo', moduleHash, maxMemoryMb: 16 },
      params: JSON.stringify({ args }),
      deploymentFile,
      inputsRoot: signed.root,
    });
    key = deal.key;
    const app = { moduleHash, appMemoryMb: 16, categoryMaxSeconds: Number(key.timeRef) };
    run = async (index, other) => {
      const inputs = await taskInputsOf(
        { dealId: dealIdOf(key), params: JSON.stringify({ args }), ...app },
        index,
        async (h) => blobs.get(h)!,
      );
      const limits = { memoryMb: inputs.limits.memoryMb, maxOutputBytes: inputs.limits.maxOutputBytes };
      return new Trace({ ...inputs, ...(other ? { args: other } : {}), limits });
    };
    const blobsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fromBlock = (await deal.clients.requester!.public.getBlockNumber()) + 1n;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, '--deployment', deploymentFile, '--key', deal.devnet.accounts[7]!.privateKey, '--blobs', blobsUrl].concat([
        '--db',
        join(dir, 'v.sqlite'),
        '--fraction',
        '1',
        '--from-block',
        fromBlock.toString(),
        '--poll-ms',
        '100',
      ]),
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    verifier = child;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const started = /"msg":"verifier started".*"port":(\d+)/.exec(out);
        if (started) resolve(`http://127.0.0.1:${started[1]}`);
      });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.on('exit', (code) => reject(new Error(`the verifier exited with ${code}: ${out}${err}`)));
    });
    status = async () => (await fetch(`${url}/status`)).json() as Promise<{ tasks: TaskStatus[] }>;
  });
  after(async () => {
    verifier?.kill('SIGKILL');
    server?.close();
    await deal?.devnet.stop();
  });

  const c = () => deal.clients;
  async function until(index: number, ok: (t: TaskStatus) => boolean, what: string) {
    for (let i = 0; i < 3000; i++) {
      const t = (await status().catch(() => undefined))?.tasks.find((x) => x.index === index);
      if (t && ok(t)) return t;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`task ${index} never reached: ${what}`);
  }

  test('the liar cannot prove its start on other arguments; the demand overturns it', async () => {
    const honest = await run(1);
    const liar = await run(1, ['100', '100', '0.05', '0.2', '1', '3', '2', 'call']); // the right program, other arguments
    assert.notEqual(liar.end().startRoot, honest.end().startRoot);
    await deal.answer({ index: 1, outputDigest: liar.output().commitment, claim: liar.end() });
    await until(1, (t) => t.state === 'demanded', 'a start demand');
    const inputs = inputsProofOf(taskInputsFieldsOf(liar), leaves, 1);
    await assert.rejects(
      proveStart(c().worker0!, { key, index: 1, reveal: bindingArguments(liar, 'start') as never, inputs }),
      (e: { code: string }) => e.code === 'StartInputsUnbound',
    );
    await c().requester!.public.request({ method: 'evm_increaseTime', params: [CLOCK + 1] } as never);
    await c().requester!.public.request({ method: 'evm_mine', params: [] } as never);
    await until(1, (t) => t.state === 'won', 'the demand won');
    assert.equal((await getTaskResolution(c().requester!, taskIdOf(dealIdOf(key), 1))).overturned, true, 'overturned');
  });
});
