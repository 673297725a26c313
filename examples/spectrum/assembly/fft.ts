// In-place iterative radix-2 FFT (Cooley-Tukey, decimation in time).

/** Transforms (re, im) in place; their length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]; re[i] = re[j]; re[j] = tr;
      const ti = im[i]; im[i] = im[j]; im[j] = ti;
    }
  }
  // Twiddle factors e^(-2 pi i k / n) for k < n/2, computed once.
  const half = n >> 1;
  const cosTable = new Float64Array(half);
  const sinTable = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    const angle = (-2.0 * Math.PI * <f64>k) / <f64>n;
    cosTable[k] = Math.cos(angle);
    sinTable[k] = Math.sin(angle);
  }
  for (let size = 2; size <= n; size <<= 1) {
    const halfSize = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < halfSize; k++) {
        const wr = unchecked(cosTable[k * step]), wi = unchecked(sinTable[k * step]);
        const a = start + k, b = a + halfSize;
        const xr = unchecked(re[b]) * wr - unchecked(im[b]) * wi;
        const xi = unchecked(re[b]) * wi + unchecked(im[b]) * wr;
        unchecked(re[b] = re[a] - xr);
        unchecked(im[b] = im[a] - xi);
        unchecked(re[a] = re[a] + xr);
        unchecked(im[a] = im[a] + xi);
      }
    }
  }
}
