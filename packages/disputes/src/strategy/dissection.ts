import type { Hex, OneStep, TraceView } from '../trace/trace.ts';

/** The contract's dissection degree k (Segments.DEGREE, DisputeGame.DEGREE). */
export const DEGREE = 32n;

/** A posted root vector: `roots[j]` is the root after step `start + floor(length * j / (roots.length - 1))`. */
export type Segment = { start: bigint; length: bigint; roots: Hex[] };

/** How many parts a segment of `length` steps is cut into (Segments.parts). */
export function partsOf(length: bigint): bigint {
  return length < DEGREE ? length : DEGREE;
}

/** Part `index` of a vector: its first step and its length (Segments.part). */
export function partOf(segment: Segment, index: number): { start: bigint; length: bigint } {
  const count = BigInt(segment.roots.length - 1);
  const from = (segment.length * BigInt(index)) / count;
  const to = (segment.length * BigInt(index + 1)) / count;
  return { start: segment.start + from, length: to - from };
}

/** The roots a party posts over `[start, start + length]` from its view of the run. */
export function vectorOf(view: TraceView, start: bigint, length: bigint): Hex[] {
  const parts = partsOf(length);
  return Array.from({ length: Number(parts) + 1 }, (_, j) => view.rootAt(start + (length * BigInt(j)) / parts));
}

/** A move: bisect part `index` with `roots`, prove its one step, or nothing (the party agrees with every root). */
export type Move =
  | { kind: 'bisect'; index: number; start: bigint; length: bigint; roots: Hex[] }
  | { kind: 'prove'; index: number; oneStep: OneStep }
  | { kind: 'agree' };

/**
 * The move of a party with view `view` against the opponent's last vector `segment`: the first part whose end root it
 * disputes (the roots before it agree, the first root being agreed by the game), bisected with its own roots, or proven
 * when it is one step long.
 * @example
 * const move = decideMove(lastSegment, trace); // { kind: 'bisect', index: 7, roots: [...33 roots] }
 */
export function decideMove(segment: Segment, view: TraceView): Move {
  for (let index = 0; index < segment.roots.length - 1; index++) {
    const { start, length } = partOf(segment, index);
    if (segment.roots[index + 1] === view.rootAt(start + length)) continue;
    if (length === 1n) return { kind: 'prove', index, oneStep: view.oneStep(start) };
    const roots = vectorOf(view, start, length);
    roots[0] = segment.roots[index]!;
    return { kind: 'bisect', index, start, length, roots };
  }
  return { kind: 'agree' };
}
