import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keccak256, toHex } from 'viem';
import type { Hex, OneStep, TraceView } from '../trace/trace.ts';
import { DEGREE, decideMove, partOf, partsOf, type Segment, vectorOf } from './dissection.ts';

/** A synthetic run: the root after step i is hash(i); a liar makes up every root from `lieFrom` on. */
const view = (lieFrom = Number.POSITIVE_INFINITY): TraceView => ({
  rootAt: (step: bigint): Hex => keccak256(toHex(Number(step) >= lieFrom ? `lie ${step}` : `step ${step}`)),
  oneStep: (step: bigint): OneStep => ({ kind: 'halted', step, fields: {} as never }),
});

describe('k-ary dissection (Segments.sol in TypeScript)', () => {
  test('a segment is cut into min(k, length) parts whose bounds are start + floor(length * j / parts)', () => {
    assert.equal(partsOf(1000n), DEGREE);
    assert.equal(partsOf(7n), 7n);
    const segment: Segment = { start: 100n, length: 1000n, roots: Array(33).fill('0x') };
    const parts = Array.from({ length: 32 }, (_, j) => partOf(segment, j));
    assert.deepEqual(parts[0], { start: 100n, length: 31n });
    assert.deepEqual(parts[1], { start: 131n, length: 31n });
    assert.deepEqual(parts[31], { start: 1068n, length: 32n });
    assert.equal(
      parts.reduce((n, p) => n + p.length, 0n),
      1000n,
      'the parts cover the segment',
    );
    for (let j = 1; j < 32; j++) assert.equal(parts[j]!.start, parts[j - 1]!.start + parts[j - 1]!.length, 'parts are contiguous');
  });

  test('a party names the first part whose end root it disputes and posts its own roots of it', () => {
    const honest = view();
    const liar = view(537);
    const claim: Segment = { start: 0n, length: 1000n, roots: [honest.rootAt(0n), honest.rootAt(1000n)] };
    const first = decideMove(claim, liar);
    assert.equal(first.kind, 'bisect');
    if (first.kind !== 'bisect') return;
    assert.equal(first.roots.length, 33);
    assert.equal(first.roots[0], claim.roots[0], 'the agreed first root');
    assert.notEqual(first.roots[32], claim.roots[1], 'a different end root');
    const reply = decideMove({ start: first.start, length: first.length, roots: first.roots }, honest);
    assert.equal(reply.kind, 'bisect');
    if (reply.kind !== 'bisect') return;
    assert.equal(reply.index, 17, 'step 537 lies in part 17 (531..562)');
    assert.deepEqual(vectorOf(honest, reply.start, reply.length).slice(1), reply.roots.slice(1));
  });

  test('played to the end, the honest side proves the first wrong step, whichever side lies', () => {
    for (const [steps, lieFrom] of [
      [1000n, 537],
      [1n, 1],
      [33n, 33],
      [10n ** 9n, 123_456_789],
    ] as const) {
      const honest = view();
      const liar = view(lieFrom);
      let segment: Segment = { start: 0n, length: steps, roots: [honest.rootAt(0n), liar.rootAt(steps)] };
      let mover = honest; // the challenger moves first, against the lying defender's claim
      let bisections = 0;
      for (;;) {
        const move = decideMove(segment, mover);
        if (move.kind === 'prove') {
          assert.equal(mover, honest, 'only the honest side reaches a step it can refute');
          assert.equal(move.oneStep.step, BigInt(lieFrom - 1), 'the step into the first lie');
          break;
        }
        assert.equal(move.kind, 'bisect');
        if (move.kind !== 'bisect') return;
        segment = { start: move.start, length: move.length, roots: move.roots };
        mover = mover === honest ? liar : honest;
        bisections++;
      }
      assert.ok(bisections <= Math.ceil(Math.log(Number(steps)) / Math.log(32)), `${steps} steps: ${bisections} bisections`);
    }
  });

  test('a party that agrees with every root has no move', () => {
    const honest = view();
    assert.deepEqual(decideMove({ start: 0n, length: 5n, roots: [honest.rootAt(0n), honest.rootAt(5n)] }, honest), { kind: 'agree' });
  });
});
