import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { deployProver } from '../testing/onchainProver.ts';
import { DOC, docBlock, END, START, workedExample } from '../testing/workedExample.ts';
import { toHex } from './merkle.ts';
import { verifyStepProof } from './stepProof.ts';

const SCRIPT = fileURLToPath(new URL('../testing/workedExample.ts', import.meta.url));
const REGENERATE = 'node --import tsx packages/machine/src/testing/workedExample.ts --write';

describe('docs/machine.md worked example', () => {
  const example = workedExample();
  const doc = readFileSync(DOC, 'utf8');

  test('the doc holds exactly the block the code generates today', () => {
    const block = docBlock(doc);
    assert.ok(block, `docs/machine.md lacks the ${START} ... ${END} markers`);
    assert.equal(block, example.markdown, `the worked example is stale: run ${REGENERATE}`);
  });

  test('the roots the doc prints are the pre- and post-state roots of the step', () => {
    assert.ok(doc.includes(`preRoot = ${toHex(example.preRoot)}`), 'pre-state root');
    assert.ok(doc.includes(`postRoot = ${toHex(example.postRoot)}`), 'post-state root');
    assert.ok(doc.includes(`memoryRoot   = ${toHex(example.post.memoryRoot)}`), 'memory root after the store');
  });

  test('an edited root in the doc is caught', () => {
    const root = toHex(example.postRoot);
    const flipped = `${root.slice(0, -1)}${root.endsWith('0') ? '1' : '0'}`;
    assert.notEqual(docBlock(doc.replace(root, flipped)), example.markdown);
  });

  test('the script in check mode agrees with the doc', () => {
    execFileSync(process.execPath, ['--import', 'tsx', SCRIPT, '--check'], { stdio: 'pipe' });
  });

  test('the example is a valid proof of an i32.store touching one memory leaf', () => {
    verifyStepProof(example.preRoot, example.proof);
    assert.equal(example.proof.instruction.leaf[19], 0x36);
    assert.equal(example.proof.memory.length, 1);
    assert.equal(example.proof.memory[0]!.siblings.length, 27);
  });

  test('the on-chain prover computes the same post-state root', async () => {
    const prover = await deployProver();
    try {
      assert.equal(await prover.step(example.preRoot, example.proof), toHex(example.postRoot));
      const gas = await prover.gas(example.preRoot, example.proof);
      console.log(`worked example on chain: ${gas} gas, ${prover.calldata(example.preRoot, example.proof)} bytes of calldata`);
    } finally {
      await prover.stop();
    }
  });
});
