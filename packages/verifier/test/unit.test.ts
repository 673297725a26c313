// The verifier's pure parts: the keyed spot-check choice, the verdict on an answer, the command line.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { keccak256, toHex } from 'viem';
import { parseVerifierArgs } from '../src/config.ts';
import { isPicked } from '../src/select.ts';
import { verdictOf } from '../src/verdict.ts';

const h = (s: string) => keccak256(toHex(s));
const tasks = Array.from({ length: 4000 }, (_, i) => h(`task ${i}`));

describe('isPicked: a keyed choice of a fraction of the tasks', () => {
  test('fraction 1 picks every task, 0 none', () => {
    assert.ok(tasks.every((t) => isPicked({ secret: h('s'), fraction: 1 }, t)));
    assert.ok(tasks.every((t) => !isPicked({ secret: h('s'), fraction: 0 }, t)));
  });
  test('fraction q picks about q of the tasks, and which ones depends on the secret', () => {
    const a = tasks.filter((t) => isPicked({ secret: h('a'), fraction: 0.25 }, t));
    const b = tasks.filter((t) => isPicked({ secret: h('b'), fraction: 0.25 }, t));
    assert.ok(Math.abs(a.length / tasks.length - 0.25) < 0.04, `${a.length} of ${tasks.length}`);
    const both = a.filter((t) => b.includes(t)).length;
    assert.ok(Math.abs(both / tasks.length - 0.0625) < 0.03, `independent choices overlap by about q^2 (${both})`);
    assert.deepEqual(
      tasks.filter((t) => isPicked({ secret: h('a'), fraction: 0.25 }, t)),
      a,
      'stable across calls (and restarts)',
    );
  });
});

describe('verdictOf: the verifier’s run against the answer', () => {
  const mine = { startRoot: h('start'), endRoot: h('end'), steps: 100n };
  const out = h('out');
  test('the same claim and output: agreed', () => assert.deepEqual(verdictOf(mine, out, { ...mine }, out), { state: 'agreed' }));
  test('the same claim, another output digest: refuted by the end binding', () =>
    assert.equal(verdictOf(mine, out, { ...mine }, h('lie')).plan, 'bind-end'));
  test('another end root or step count: the game', () => {
    assert.equal(verdictOf(mine, out, { ...mine, endRoot: h('x') }, out).plan, 'game');
    assert.equal(verdictOf(mine, out, { ...mine, steps: 99n }, out).plan, 'game');
  });
  test('another start root: a start demand, said so', () => {
    const v = verdictOf(mine, out, { ...mine, startRoot: h('elsewhere') }, out);
    assert.equal(v.plan, 'demand-start');
    assert.match(v.detail!, /pre-image/);
  });
});

describe('parseVerifierArgs: one readable error per bad flag', () => {
  const deployment = join(tmpdir(), `h3-unit-deployment-${process.pid}.json`);
  writeFileSync(
    deployment,
    JSON.stringify({
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      token: '0x1',
      hub: '0x2',
      poco: '0x3',
      apps: '0x4',
      datasets: '0x5',
      workerpools: '0x6',
      startBlock: '7',
    }),
  );
  const key = `0x${'ab'.repeat(32)}`;
  const ok = ['--deployment', deployment, '--key', key, '--blobs', 'http://127.0.0.1:1'];
  const fails = (args: string[], message: RegExp) =>
    assert.throws(
      () => parseVerifierArgs(args, {}),
      (e: Error & { code: string }) => e.code === 'UsageInvalid' && message.test(e.message),
    );
  test('defaults: fraction 1, a secret derived from the key, the deployment’s rpc', () => {
    const c = parseVerifierArgs(ok, {});
    assert.ok(c !== 'help');
    assert.equal(c.fraction, 1);
    assert.equal(c.deployment.startBlock, 7n);
    assert.match(c.secret, /^0x[0-9a-f]{64}$/);
    assert.notEqual(c.secret, key);
    const withRpc = parseVerifierArgs([...ok, '--rpc', 'http://x:1'], {});
    assert.ok(withRpc !== 'help' && withRpc.deployment.rpcUrl === 'http://x:1');
  });
  test('bad flags', () => {
    fails([...ok, '--fraction', '1.5'], /--fraction must be a number from 0 to 1, not '1.5'/);
    fails([...ok, '--fraction', 'half'], /--fraction/);
    fails([...ok, '--port', '-1'], /--port/);
    fails([...ok, '--max-steps', '0'], /--max-steps must be an integer from 1/);
    fails([...ok, '--bogus'], /bogus/);
    fails(['--deployment', deployment, '--blobs', 'http://x'], /a key is required/);
    fails(['--deployment', deployment, '--key', '0x12', '--blobs', 'http://x'], /--key must be/);
    fails(['--deployment', deployment, '--key', key], /--blobs/);
    fails(['--deployment', deployment, '--key', key, '--blobs', 'not a url'], /--blobs must be a URL/);
    fails(['--deployment', '/nonexistent/h3.json', '--key', key, '--blobs', 'http://x'], /cannot read the deployment/);
  });
  test('the default fraction: 1 on the devnet (chain 31337), 0.1 on another chain', () => {
    const other = join(tmpdir(), `h3-unit-deployment-other-${process.pid}.json`);
    writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(deployment, 'utf8')), chainId: 8453 }));
    const c = parseVerifierArgs(['--deployment', other, '--key', key, '--blobs', 'http://x'], {});
    assert.ok(c !== 'help' && c.fraction === 0.1);
    const d = parseVerifierArgs([...ok, '--fraction', '0.5'], {});
    assert.ok(d !== 'help' && d.fraction === 0.5);
  });
  test('the key from the environment', () => {
    const c = parseVerifierArgs(['--deployment', deployment, '--blobs', 'http://x'], { PROOFGRID_VERIFIER_KEY: key });
    assert.ok(c !== 'help' && c.key === key);
  });
});
