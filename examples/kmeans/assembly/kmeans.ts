// k-means (Lloyd's algorithm) with k-means++ seeding over the rows of a dense matrix.
import { SplitMix64 } from "../../lib/assembly/random";

export class Clustering {
  constructor(public labels: Int32Array, public iterations: i32, public inertia: f64) {}
}

/** Squared Euclidean distance between row `a` of `points` and row `b` of `centers`. */
@inline
function distance2(points: Float64Array, a: i32, centers: Float64Array, b: i32, dims: i32): f64 {
  let sum: f64 = 0;
  const pa = a * dims, pb = b * dims;
  for (let d = 0; d < dims; d++) {
    const diff = unchecked(points[pa + d]) - unchecked(centers[pb + d]);
    sum += diff * diff;
  }
  return sum;
}

/** The nearest center of point `p` (ties go to the lower index). */
function nearest(points: Float64Array, p: i32, centers: Float64Array, k: i32, dims: i32): i32 {
  let best = 0;
  let bestDistance = distance2(points, p, centers, 0, dims);
  for (let c = 1; c < k; c++) {
    const d = distance2(points, p, centers, c, dims);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function copyRow(from: Float64Array, row: i32, to: Float64Array, toRow: i32, dims: i32): void {
  for (let d = 0; d < dims; d++) to[toRow * dims + d] = from[row * dims + d];
}

/**
 * Clusters `n` points of `dims` coordinates (row-major in `points`) into `k` groups.
 * Seeding is k-means++ (Arthur & Vassilvitskii 2007) drawn from `random`; Lloyd
 * iterations run until no label changes or `maxIterations`. An empty cluster takes
 * the point farthest from its center. Labels are renumbered by first appearance
 * (the first point is in cluster 0), so equal partitions print equally.
 */
export function kmeans(points: Float64Array, n: i32, dims: i32, k: i32, random: SplitMix64, maxIterations: i32): Clustering {
  const centers = new Float64Array(k * dims);
  const closest = new Float64Array(n);
  copyRow(points, <i32>random.nextBelow(<u32>n), centers, 0, dims);
  for (let p = 0; p < n; p++) closest[p] = distance2(points, p, centers, 0, dims);
  for (let c = 1; c < k; c++) {
    let total: f64 = 0;
    for (let p = 0; p < n; p++) total += closest[p];
    const target = random.nextFloat() * total;
    let chosen = n - 1;
    let cumulative: f64 = 0;
    for (let p = 0; p < n; p++) {
      cumulative += closest[p];
      if (cumulative > target) {
        chosen = p;
        break;
      }
    }
    copyRow(points, chosen, centers, c, dims);
    for (let p = 0; p < n; p++) closest[p] = min(closest[p], distance2(points, p, centers, c, dims));
  }

  const labels = new Int32Array(n).fill(-1);
  const counts = new Int32Array(k);
  let iterations = 0;
  while (iterations < maxIterations) {
    let changed = false;
    for (let p = 0; p < n; p++) {
      const label = nearest(points, p, centers, k, dims);
      if (label != labels[p]) {
        labels[p] = label;
        changed = true;
      }
    }
    if (!changed) break;
    iterations++;
    centers.fill(0);
    counts.fill(0);
    for (let p = 0; p < n; p++) {
      const c = labels[p];
      counts[c]++;
      for (let d = 0; d < dims; d++) centers[c * dims + d] += points[p * dims + d];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] == 0) continue;
      const inverse = 1.0 / <f64>counts[c];
      for (let d = 0; d < dims; d++) centers[c * dims + d] *= inverse;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) continue;
      // An empty cluster restarts at the point farthest from its center (which then belongs to it).
      let far = 0;
      let farDistance: f64 = -1;
      for (let p = 0; p < n; p++) {
        const d = distance2(points, p, centers, labels[p], dims);
        if (d > farDistance) {
          farDistance = d;
          far = p;
        }
      }
      copyRow(points, far, centers, c, dims);
      labels[far] = c;
      counts[c] = 1;
    }
  }

  let inertia: f64 = 0;
  for (let p = 0; p < n; p++) inertia += distance2(points, p, centers, labels[p], dims);

  // Renumber by first appearance.
  const renumber = new Int32Array(k).fill(-1);
  let next = 0;
  for (let p = 0; p < n; p++) {
    if (renumber[labels[p]] < 0) renumber[labels[p]] = next++;
    labels[p] = renumber[labels[p]];
  }
  return new Clustering(labels, iterations, inertia);
}
