import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type JournalEntry, openJournal } from './journal.ts';

const dir = mkdtempSync(join(tmpdir(), 'journal-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const entry = (batch: number, contributed: boolean): JournalEntry => ({
  leaseId: batch,
  batchId: `0x${batch.toString(16).padStart(64, '0')}`,
  key: { volume: 1 },
  first: 0,
  count: 1,
  root: `0x${'11'.repeat(32)}`,
  salt: `0x${'22'.repeat(32)}`,
  usage: { maxRunTimeMs: 1, memoryPeakKb: 1 },
  contributed,
  since: 1,
});

describe('reveal journal', () => {
  test('entries survive a restart; contributed ones are the leases heartbeats keep', () => {
    const file = join(dir, 'reveals.json');
    const j = openJournal(file);
    const a = entry(1, false);
    j.add(a);
    j.add(entry(2, true));
    a.contributed = true;
    j.save();
    const again = openJournal(file);
    assert.deepEqual(again.entries, [entry(1, true), entry(2, true)]);
    assert.deepEqual(again.contributedLeases(), [1, 2]);
    again.remove(again.find(entry(1, true).batchId)!);
    assert.deepEqual(openJournal(file).entries, [entry(2, true)]);
  });

  test('a failure of the app keeps its exit code and report digest beside the salt; a journal from before failures loads', () => {
    const file = join(dir, 'failures.json');
    const failed = { ...entry(3, true), exitCode: 134, outputDigest: `0x${'33'.repeat(32)}` as const };
    openJournal(file).add(failed);
    assert.deepEqual(openJournal(file).find(failed.batchId), failed);
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify([entry(4, true)]));
    const loaded = openJournal(old).find(entry(4, true).batchId);
    assert.deepEqual(loaded, entry(4, true));
    assert.equal(loaded?.exitCode, undefined, 'a result, revealed with reveal');
  });

  test('an unreadable journal stops the worker instead of losing its salts', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '[{"leaseId":');
    assert.throws(
      () => openJournal(file),
      (e: unknown) => (e as { code?: string }).code === 'WorkerJournalInvalid',
    );
    writeFileSync(file, '{}');
    assert.throws(
      () => openJournal(file),
      (e: unknown) => (e as { code?: string }).code === 'WorkerJournalInvalid',
    );
  });
});
