// The proofgrid CLI as a real process against a whole market (anvil + scheduler + 2 workers).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getHubEvents, getOrderConsumed } from '@proofgrid/sdk';
import { type Stack, startStack } from '@proofgrid/testkit';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'packages/cli/bin/proofgrid.mjs');
const MONTECARLO = join(ROOT, 'examples/montecarlo/build/montecarlo.wasm');
const UNKNOWN_DEAL = `0x${'ab'.repeat(32)}`;

type Run = { code: number; stdout: string; stderr: string };

describe('proofgrid CLI (real process, real market)', () => {
  let stack: Stack;
  let out: string;
  let dealId: string;
  const cli = (...args: string[]) =>
    new Promise<Run>((done) => {
      const env = { ...process.env, PROOFGRID_DEPLOYMENT: stack.deploymentFile, PROOFGRID_MARKET: stack.market.url, PROOFGRID_KEY: '' };
      execFile(process.execPath, [BIN, ...args], { cwd: out, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const json = async (...args: string[]) => {
    const r = await cli(...args, '--json');
    assert.equal(r.code, 0, `proofgrid ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  /** A failure is one line on stderr naming its code, nothing on stdout, and a non-zero exit. */
  const failsWith = (r: Run, code: string, exit: number) => {
    assert.equal(r.code, exit, `exit code (stderr: ${r.stderr})`);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
    assert.match(lines[0]!, new RegExp(`^proofgrid: .+ \\[${code}\\]$`));
    return lines[0]!;
  };

  before(async () => {
    if (!existsSync(MONTECARLO)) execFileSync(process.execPath, [join(ROOT, 'examples/build.mjs'), 'montecarlo'], { stdio: 'inherit' });
    out = mkdtempSync(join(tmpdir(), 'proofgrid-cli-'));
    stack = await startStack({ workers: 2 });
  });
  after(async () => {
    await stack?.stop();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  test('app publish and wallet deposit: the developer lists an app, the requester funds the escrow', async () => {
    const [app, deposited] = await Promise.all([
      json('app', 'publish', MONTECARLO, '--name', 'montecarlo', '--price', '0.01', '--memory-mb', '16', '--as', 'developer'),
      json('wallet', 'deposit', '10', '--as', 'requester'),
    ]);
    assert.equal(app.name, 'montecarlo');
    assert.match(app.orderHash, /^0x[0-9a-f]{64}$/);
    assert.equal(deposited.deposited, '10000000000000000000');
    assert.equal(deposited.escrow, '10000000000000000000');
  });

  test('app publish refuses a module the provable machine does not run: one line naming the feature, nothing published', async () => {
    // _start holds v128.const 0; drop (SIMD): V8 runs it, a dispute could not replay it (decision 020)
    const simd = join(out, 'simd.wasm');
    writeFileSync(
      simd,
      Buffer.from(
        '0061736d01000000010401600000030201000503010001071302065f73746172740000066d656d6f727902000a17011500fd0c000000000000000000000000000000001a0b',
        'hex',
      ),
    );
    const refused = failsWith(
      await cli('app', 'publish', simd, '--name', 'simd', '--price', '0.01', '--as', 'developer'),
      'AppModuleUnsupported',
      1,
    );
    assert.match(refused, /uses SIMD/);
    const garbled = join(out, 'garbled.wasm');
    writeFileSync(garbled, Buffer.from('0061736d01000000010401', 'hex'));
    failsWith(await cli('app', 'publish', garbled, '--name', 'garbled', '--price', '0.01', '--as', 'developer'), 'WasmInvalid', 2);
    const apps = (await json('app', 'list', '--all')) as { name: string }[];
    assert.deepEqual(
      apps.filter((a) => a.name === 'simd' || a.name === 'garbled'),
      [],
    );
  });

  test('run montecarlo: matched, executed on the workers, verified and combined into one estimate', async () => {
    const dir = join(out, 'mc');
    const r = await json('run', 'montecarlo', '--params', '{"paths":40000}', '--tasks', '4', '--out', dir, '--as', 'requester');
    assert.equal(r.status, 'completed');
    assert.equal(r.tasks, 4);
    assert.equal(r.verified, 4);
    assert.equal(r.cost, '80000000000000000', '4 tasks x (app 0.01 + pool 0.01)');
    assert.match(r.summary, /^call price \d+\.\d+ ± /);
    assert.deepEqual(r.files, [join(dir, 'estimate.json')]);
    // Results are private by default (C3): the key of this run is kept beside them, readable by its owner only.
    assert.equal(statSync(join(dir, 'result.key')).mode & 0o777, 0o600);
    const estimate = JSON.parse(readFileSync(join(dir, 'estimate.json'), 'utf8'));
    assert.equal(estimate.paths, 40000);
    assert.equal(estimate.tasks, 4);
    assert.ok(
      Math.abs(estimate.estimate - estimate.blackScholes) < 1,
      `estimate ${estimate.estimate} vs closed form ${estimate.blackScholes}`,
    );
    assert.ok(Number(r.matchGas) > 0);
    dealId = r.dealId;
  });

  test('audit: the deal is replayed from chain logs, from the match to the payout; wallet balance shows what it cost', async () => {
    assert.ok(dealId, 'needs the run above');
    const [audit, balance] = await Promise.all([json('audit', dealId), json('wallet', 'balance', stack.accounts.requester.address)]);
    assert.equal(balance.address, stack.accounts.requester.address);
    assert.equal(BigInt(balance.escrow) + BigInt(balance.locked), 10n * 10n ** 18n - 8n * 10n ** 16n, 'the requester paid 4 x 0.02 PGT');
    const events = audit as { event: string; block: string; tx: string; args: Record<string, unknown> }[];
    const names = events.map((e) => e.event);
    assert.equal(names[0], 'DealMatched');
    assert.ok(names.includes('BatchRevealed'));
    const finalized = events.filter((e) => e.event === 'BatchFinalized');
    assert.ok(finalized.length >= 1);
    assert.equal(
      finalized.reduce((n, e) => n + Number(e.args.count), 0),
      4,
      'every task is in a finalized batch',
    );
    assert.equal(events.filter((e) => e.event === 'BatchSettled').length, finalized.length, 'every batch is paid');
    assert.ok(names.indexOf('DealMatched') < names.indexOf('BatchFinalized'));
    for (const e of events) assert.match(e.tx, /^0x[0-9a-f]{64}$/);
    const blocks = events.map((e) => BigInt(e.block));
    assert.deepEqual(
      [...blocks].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      blocks,
      'in chain order',
    );
  });

  test('dataset publish, and order cancel --on-chain: the hub marks the cancelled order consumed', async () => {
    const [dataset, extra] = await Promise.all([
      json('dataset', 'publish', MONTECARLO, '--name', 'bytes', '--price', '0.005', '--as', 'dataOwner'),
      json('app', 'publish', MONTECARLO, '--name', 'throwaway', '--price', '0.5', '--volume', '7', '--as', 'developer'),
    ]);
    assert.equal(dataset.name, 'bytes');
    assert.match(dataset.orderHash, /^0x[0-9a-f]{64}$/);
    const cancelled = await json('order', 'cancel', extra.orderHash, '--on-chain', '--as', 'developer');
    assert.equal(cancelled.status, 'cancelled');
    assert.match(cancelled.onChain, /^0x[0-9a-f]{64}$/);
    const consumed = await getOrderConsumed(stack.clientOf(stack.accounts.developer), { orderHash: extra.orderHash });
    assert.equal(consumed, 7n);
  });

  test('error: each failure is one line with its code and a non-zero exit', async () => {
    const [unknownDeal, unknownAudit, badAmount, broke, badOption] = await Promise.all([
      cli('deal', 'show', UNKNOWN_DEAL),
      cli('audit', UNKNOWN_DEAL, '--json'),
      cli('wallet', 'deposit', '1,5', '--as', 'requester'),
      cli('run', 'montecarlo', '--params', '{"paths":40000}', '--tasks', '4', '--as', 'dataOwner'),
      cli('deal', 'list', '--bogus'),
    ]);
    failsWith(unknownDeal, 'DealUnknown', 1);
    assert.equal(unknownAudit.code, 1);
    assert.equal(JSON.parse(unknownAudit.stdout).error.code, 'DealUnknown');
    assert.match(failsWith(badAmount, 'AmountInvalid', 2), /malformed amount "1,5"/);
    assert.match(failsWith(broke, 'EscrowInsufficientBalance', 1), /has 0 PGT free in the escrow but this run needs 0\.08 PGT/);
    failsWith(badOption, 'UsageInvalid', 2);
  });
  test('run --window: the request names its own rollback window, in the deal key; --verify takes two modes', async () => {
    const r = await json(
      'run',
      'montecarlo',
      '--params',
      '{"paths":20000}',
      '--tasks',
      '2',
      '--window',
      '3',
      '--out',
      join(out, 'w'),
      '--as',
      'requester',
    );
    assert.equal(r.status, 'completed');
    const [matched] = (await getHubEvents(stack.clientOf(stack.accounts.requester), {
      eventName: 'DealMatched',
      args: { dealId: r.dealId },
    })) as unknown as { args: { key: { verification: number; rollbackWindow: bigint; challengeWindow: bigint } } }[];
    assert.equal(matched?.args.key.verification, 0, 'replicated');
    assert.equal(matched?.args.key.rollbackWindow, 3n, "the request's window, not the hub's 0");
    assert.equal(matched?.args.key.challengeWindow, 0n);
    failsWith(await cli('run', 'montecarlo', '--verify', 'bogus', '--as', 'requester'), 'UsageInvalid', 2);
  });
});
