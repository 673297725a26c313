// Simulated annealing over 2-opt moves for the travelling salesman problem.
import { SplitMix64 } from "../../lib/assembly/random";

export class Cities {
  constructor(public x: Float64Array, public y: Float64Array) {}

  get count(): i32 {
    return this.x.length;
  }

  @inline distance(a: i32, b: i32): f64 {
    const dx = unchecked(this.x[a]) - unchecked(this.x[b]);
    const dy = unchecked(this.y[a]) - unchecked(this.y[b]);
    return Math.sqrt(dx * dx + dy * dy);
  }

  /** Length of the closed tour. */
  tourLength(tour: Int32Array): f64 {
    let total: f64 = 0;
    for (let i = 0; i < tour.length; i++) total += this.distance(tour[i], tour[(i + 1) % tour.length]);
    return total;
  }
}

function reverse(tour: Int32Array, from: i32, to: i32): void {
  while (from < to) {
    const t = unchecked(tour[from]);
    unchecked(tour[from] = tour[to]);
    unchecked(tour[to] = t);
    from++;
    to--;
  }
}

/**
 * Anneals from the identity tour for `iterations` 2-opt proposals. The temperature
 * falls geometrically from the mean edge length to 1e-4 of it; a worse tour is
 * accepted with probability exp(-delta / T). Returns the best tour seen.
 */
export function anneal(cities: Cities, iterations: i32, random: SplitMix64): Int32Array {
  const n = cities.count;
  const tour = new Int32Array(n);
  for (let i = 0; i < n; i++) tour[i] = i;
  if (n < 4) return tour;
  let length = cities.tourLength(tour);
  let best = tour.slice();
  let bestLength = length;
  let temperature = length / <f64>n;
  const cooling = Math.exp(Math.log(1e-4) / <f64>max(iterations, 1));
  for (let step = 0; step < iterations; step++, temperature *= cooling) {
    let i = <i32>random.nextBelow(<u32>n);
    let j = <i32>random.nextBelow(<u32>n);
    if (i == j) continue;
    if (i > j) { const t = i; i = j; j = t; }
    if (i == 0 && j == n - 1) continue; // reversing everything but one city changes nothing
    // Reverse tour[i+1..j]: edges (a,b) and (c,d) become (a,c) and (b,d).
    const a = unchecked(tour[i]), b = unchecked(tour[i + 1]), c = unchecked(tour[j]), d = unchecked(tour[(j + 1) % n]);
    const delta = cities.distance(a, c) + cities.distance(b, d) - cities.distance(a, b) - cities.distance(c, d);
    if (delta < 0 || random.nextFloat() < Math.exp(-delta / temperature)) {
      reverse(tour, i + 1, j);
      length += delta;
      if (length < bestLength - 1e-12) {
        bestLength = length;
        best = tour.slice();
      }
    }
  }
  return best;
}

/** Rotates the tour to start at city 0 and turns it so the second city has the smaller index. */
export function canonical(tour: Int32Array): Int32Array {
  const n = tour.length;
  const out = new Int32Array(n);
  let start = 0;
  while (tour[start] != 0) start++;
  const forward = n < 3 || tour[(start + 1) % n] < tour[(start + n - 1) % n];
  for (let i = 0; i < n; i++) out[i] = forward ? tour[(start + i) % n] : tour[(start - i + n) % n];
  return out;
}
