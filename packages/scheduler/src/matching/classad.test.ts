import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClassAdError, diagnose, parse, rank, requirement } from './classad.ts';

const big = { cpus: 8, memoryMb: 8192, diskGb: 100, gpus: 1, tee: true, region: 'eu' };
const small = { cpus: 1, memoryMb: 512, diskGb: 1, gpus: 0, tee: false, region: 'us' };

describe('ClassAd requirements and ranks', () => {
  test('evaluates comparisons, logic, arithmetic and strings', () => {
    const r = requirement('memoryMb >= 1024 && (region == "eu" || gpus > 0) && !false');
    assert.equal(r.test(big), true);
    assert.equal(r.test(small), false);
    assert.equal(requirement('cpus * 1024 + memoryMb / 2 > 9000').test(big), true);
    assert.equal(requirement("tee && region != 'us'").test(big), true);
    assert.equal(requirement('').test(small), true, 'no requirement matches anyone');
  });

  test('explains which clauses fail, and diagnoses a pool where nothing matches', () => {
    const r = requirement('memoryMb >= 4096 && tee && cpus >= 1');
    assert.deepEqual(r.explain(small), ['memoryMb >= 4096', 'tee']);
    assert.equal(diagnose(r, [small, small]), 'memoryMb >= 4096 fails on 2 of 2 workers; tee fails on 2 of 2 workers');
    assert.equal(diagnose(r, [small, big]), '', 'no diagnosis when some worker matches');
    assert.equal(diagnose(r, []), 'no worker is online');
  });

  test('ranks order workers', () => {
    const byMemory = rank('memoryMb + cpus * 100');
    assert.ok(byMemory(big) > byMemory(small));
    assert.equal(rank(undefined)(big), 0);
  });

  test('malformed expressions and unknown attributes are clear errors, never evaluated as code', () => {
    assert.throws(() => parse('memoryMb >= '), ClassAdError);
    assert.throws(() => parse('memoryMb >= 1 1'), /unexpected "1"/);
    assert.throws(() => parse('process.exit(1)'), ClassAdError);
    assert.throws(() => requirement('ram > 1').test(big), /unknown attribute "ram"/);
    assert.throws(() => requirement('region > 1').test(big), /not a number/);
  });
});
