import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { openScratch } from './scratch.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'pg-scratch-test-'));

test('an explicit scratch directory is used as given (made 0700 when missing) and kept at dispose', () => {
  const dir = join(fresh(), 'mine');
  const s = openScratch(fresh(), dir, fresh());
  assert.equal(s.dir, dir);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  s.dispose();
  assert.ok(existsSync(dir));
});

test('on a host with shared memory: a private directory there, cleared when the same data directory opens it again', () => {
  const [shm, data] = [fresh(), fresh()];
  const first = openScratch(data, undefined, shm);
  assert.equal(dirname(first.dir), shm);
  assert.equal(statSync(first.dir).mode & 0o777, 0o700);
  writeFileSync(join(first.dir, 'left-by-a-crash'), 'x');
  const again = openScratch(data, undefined, shm); // a restart after a crash: same place, emptied
  assert.equal(again.dir, first.dir);
  assert.equal(existsSync(join(again.dir, 'left-by-a-crash')), false);
  assert.notEqual(openScratch(fresh(), undefined, shm).dir, again.dir, 'another data directory gets its own');
  again.dispose();
  assert.equal(existsSync(again.dir), false);
});

test('a directory of that name that others may enter is not adopted: a fresh random one is made instead', () => {
  const [shm, data] = [fresh(), fresh()];
  const planted = openScratch(data, undefined, shm).dir;
  chmodSync(planted, 0o777);
  writeFileSync(join(planted, 'planted'), 'x');
  const s = openScratch(data, undefined, shm);
  assert.notEqual(s.dir, planted);
  assert.match(basename(s.dir), /^proofgrid-worker-/);
  assert.ok(existsSync(join(planted, 'planted')), 'the foreign directory is left alone');
});

test('a symbolic link planted under that name is not adopted, even one to a private directory of ours', () => {
  const [shm, data, target] = [fresh(), fresh(), fresh()];
  const name = openScratch(data, undefined, shm).dir;
  rmSync(name, { recursive: true });
  chmodSync(target, 0o700);
  writeFileSync(join(target, 'keep'), 'x');
  symlinkSync(target, name);
  const s = openScratch(data, undefined, shm);
  assert.notEqual(s.dir, name);
  assert.ok(lstatSync(name).isSymbolicLink(), 'the link is left alone');
  assert.ok(existsSync(join(target, 'keep')), 'and so is what it points to');
});

test('without shared memory: <dataDir>/scratch', () => {
  const data = fresh();
  const s = openScratch(data, undefined, join(fresh(), 'no-such-dir'));
  assert.equal(s.dir, join(data, 'scratch'));
  mkdirSync(s.dir, { recursive: true });
  s.dispose();
  assert.ok(existsSync(s.dir));
});
