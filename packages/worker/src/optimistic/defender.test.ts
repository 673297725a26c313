// The defender's watch over its answers is event-driven (H6, issue 16 follow-up): what it asks the node per look
// does not grow with the answers it holds. Counted RPC calls on a real devnet (the hub deployed), not timing.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Devnet, startDevnet } from '@proofgrid/devnet';
import { createProofgridClient } from '@proofgrid/sdk';
import pino from 'pino';
import { type Hex, http, keccak256, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createContentCache } from '../contentCache.ts';
import { type AnswerEntry, openAnswerJournal } from './answerJournal.ts';
import { createDefender } from './defender.ts';

const ANSWERS = 20;
const BLOCKS = 5;

describe('the defender watches N answers with a constant number of RPC calls per block', () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await startDevnet({ accounts: 8 });
  });
  after(async () => devnet?.stop());

  /** A defender over N journaled answers (on chain: none, so nothing to defend), with its RPC calls counted. */
  function defenderOver(n: number, safetyMs: number) {
    const calls: string[] = [];
    const transport = http(devnet.deployment.rpcUrl, {
      batch: false,
      onFetchRequest: async (req) => {
        calls.push((JSON.parse(await req.clone().text()) as { method: string }).method);
      },
    });
    const account = privateKeyToAccount(devnet.accounts[6]!.privateKey);
    const client = createProofgridClient({ deployment: devnet.deployment, account, transport });
    const dir = mkdtempSync(join(tmpdir(), 'h6-defender-'));
    const journal = openAnswerJournal(join(dir, 'answers.json'));
    for (let i = 0; i < n; i++) journal.add(entry(i));
    const cache = createContentCache({ dir: join(dir, 'cache'), market: {} as never });
    const log = pino({ level: 'silent' });
    const defender = createDefender({ client, journal, cache, log, stats: { defended: 0, defenceLost: 0 }, safetyMs });
    return { defender, calls };
  }
  const mine = async () => {
    const res = await fetch(devnet.deployment.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"evm_mine","params":[]}',
    });
    assert.equal(res.status, 200);
  };

  async function callsPerBlock(n: number, safetyMs: number) {
    const { defender, calls } = defenderOver(n, safetyMs);
    await defender.pass(); // start-up: the cursor set at the head, every answer read once
    calls.length = 0;
    for (let b = 0; b < BLOCKS; b++) {
      await mine();
      await defender.pass();
    }
    return calls;
  }

  test(`event-driven: ${ANSWERS} answers cost one eth_blockNumber and one eth_getLogs per new block`, async () => {
    const calls = await callsPerBlock(ANSWERS, 3_600_000);
    assert.deepEqual(calls.toSorted(), [...Array(BLOCKS).fill('eth_blockNumber'), ...Array(BLOCKS).fill('eth_getLogs')].toSorted());
    const one = await callsPerBlock(1, 3_600_000);
    assert.equal(one.length, calls.length, 'the same for 1 answer as for 20');
  });

  test('reading each answer on every look (the old watch, now the slow safety net) costs N calls per look', async () => {
    const calls = await callsPerBlock(ANSWERS, 0);
    assert.ok(calls.filter((m) => m === 'eth_call').length >= ANSWERS * BLOCKS, `${calls.length} calls`);
  });
});

function entry(i: number): AnswerEntry {
  const taskId = keccak256(toHex(`h6 task ${i}`));
  return {
    dealId: keccak256(toHex(`h6 deal ${i}`)),
    key: {},
    index: 0,
    taskId,
    app: { uri: '', moduleHash: `0x${'00'.repeat(32)}` as Hex },
    args: [],
    files: {},
    seed: '1',
    env: {},
    limits: { memoryMb: 16, maxOutputBytes: 1024 },
    outputDigest: `0x${'00'.repeat(32)}` as Hex,
    claim: { startRoot: `0x${'00'.repeat(32)}` as Hex, steps: '1', endRoot: `0x${'00'.repeat(32)}` as Hex },
    fromBlock: '0',
    tx: `0x${'11'.repeat(32)}` as Hex,
    defended: [],
  };
}
