import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type BatchStatusName, ContractRevertError, type ContributionStatusName, TransactionError } from '@proofgrid/sdk';
import pino from 'pino';
import type { Hex } from 'viem';
import { type JournalEntry, openJournal } from '../journal.ts';
import type { RevealChain } from './chain.ts';
import { createRevealer } from './revealer.ts';

const dir = mkdtempSync(join(tmpdir(), 'revealer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const TX = `0x${'cd'.repeat(32)}` as Hex;
const LOGGED_TX = `0x${'ef'.repeat(32)}` as Hex;

/** A chain whose answers the test sets: a status, a value, or an error to throw. */
function fakeChain() {
  const chain = {
    batch: 'Active' as BatchStatusName | Error,
    contribution: 'Contributed' as ContributionStatusName | Error,
    reveals: [] as (Hex | Error)[],
    revealTx: LOGGED_TX as Hex | undefined,
    calls: [] as string[],
  };
  /** Records the call, then answers the value set (or throws the error set). */
  const answer = <T>(call: string, v: T | Error): T => {
    chain.calls.push(call);
    if (v instanceof Error) throw v;
    return v;
  };
  const port: RevealChain = {
    batchStatus: async () => answer('batchStatus', chain.batch),
    contribution: async () => answer('contribution', chain.contribution),
    reveal: async () => answer('reveal', chain.reveals.shift() ?? TX),
    revealTx: async () => answer('revealTx', chain.revealTx),
  };
  return { chain, port };
}

function setup(name: string, contributed = true) {
  const journal = openJournal(join(dir, `${name}.json`));
  const entry: JournalEntry = {
    leaseId: 7,
    batchId: `0x${'01'.repeat(32)}`,
    key: {},
    first: 0,
    count: 1,
    root: `0x${'02'.repeat(32)}`,
    salt: `0x${'03'.repeat(32)}`,
    usage: { maxRunTimeMs: 1, memoryPeakKb: 1 },
    contributed,
    since: Date.now(),
  };
  journal.add(entry);
  const reports: { kind: 'done' | 'fail'; leaseId: number; body: unknown }[] = [];
  const scheduler = {
    reportDone: async (leaseId: number, body: unknown) => {
      reports.push({ kind: 'done', leaseId, body });
      return { ok: true as const };
    },
    reportFail: async (leaseId: number, body: unknown) => {
      reports.push({ kind: 'fail', leaseId, body });
      return { ok: true as const };
    },
  };
  const { chain, port } = fakeChain();
  const stats = { revealed: 0 };
  const revealer = createRevealer({ chain: port, scheduler, journal, log: pino({ level: 'silent' }), stats });
  return { journal, entry, reports, chain, stats, revealer };
}

describe('reveal driver (fake chain and scheduler)', () => {
  test('a batch that agreed is revealed, reported and the salt forgotten', async () => {
    const t = setup('revealed');
    t.chain.batch = 'Revealing';
    await t.revealer.pass();
    assert.deepEqual(t.reports, [{ kind: 'done', leaseId: 7, body: { phase: 'revealed', tx: TX } }]);
    assert.equal(t.stats.revealed, 1);
    assert.equal(t.journal.entries.length, 0);
    assert.equal(t.revealer.pending(), false);
  });

  test('a reveal lost on the way, the contribution still standing: tried again at the next pass', async () => {
    const t = setup('lost');
    t.chain.batch = 'Revealing';
    t.chain.reveals = [new TransactionError('HTTP request failed.')];
    await t.revealer.pass();
    assert.deepEqual(t.reports, []);
    assert.equal(t.journal.entries.length, 1);
    await t.revealer.pass();
    assert.deepEqual(t.chain.calls, ['batchStatus', 'reveal', 'contribution', 'batchStatus', 'reveal']);
    assert.deepEqual(t.reports, [{ kind: 'done', leaseId: 7, body: { phase: 'revealed', tx: TX } }]);
  });

  test('a reveal whose answer was lost but which landed: its transaction is found in the logs and reported', async () => {
    const t = setup('landed');
    t.chain.batch = 'Revealing';
    t.chain.reveals = [new TransactionError('HTTP request failed.')];
    t.chain.contribution = 'Revealed';
    await t.revealer.pass();
    assert.deepEqual(t.reports, [{ kind: 'done', leaseId: 7, body: { phase: 'revealed', tx: LOGGED_TX } }]);
    assert.equal(t.journal.entries.length, 0);
  });

  test('a reveal the chain refuses while the contribution stands (not the agreed result) is reported with its code', async () => {
    const t = setup('refused');
    t.chain.batch = 'Revealing';
    t.chain.reveals = [new ContractRevertError('ContributionNotFound', [])];
    await t.revealer.pass();
    assert.equal(t.reports.length, 1);
    assert.equal(t.reports[0]!.kind, 'fail');
    assert.equal((t.reports[0]!.body as { code: string }).code, 'ContributionNotFound');
    assert.equal(t.journal.entries.length, 0);
  });

  test('a reopened batch rejected the contribution: reported as ContributionRejected', async () => {
    const t = setup('rejected');
    t.chain.contribution = 'Rejected';
    await t.revealer.pass();
    assert.deepEqual(
      t.reports.map((r) => [r.kind, (r.body as { code: string }).code]),
      [['fail', 'ContributionRejected']],
    );
    assert.equal(t.journal.entries.length, 0);
  });

  test('a contribution whose answer was lost is journaled as on chain once the chain shows it', async () => {
    const t = setup('seen', false);
    await t.revealer.pass();
    assert.equal(t.entry.contributed, true);
    assert.deepEqual(openJournal(join(dir, 'seen.json')).contributedLeases(), [7]);
    assert.deepEqual(t.reports, []);
  });

  test('a chain that cannot be read keeps every contribution and ends the pass', async () => {
    const t = setup('down');
    t.chain.batch = new TransactionError('HTTP request failed.');
    await t.revealer.pass();
    assert.deepEqual(t.chain.calls, ['batchStatus']);
    assert.equal(t.journal.entries.length, 1);
    t.chain.batch = 'Finalized';
    await t.revealer.pass();
    assert.equal(t.journal.entries.length, 0, 'a batch finalized without this reveal closes it');
    assert.deepEqual(t.reports, []);
  });
});
