// Draws the magnitude spectrum (dB, 80 dB range) as a bar plot and marks the peaks.
import { encodePng } from "../../lib/assembly/png";

export const PLOT_WIDTH: i32 = 512;
export const PLOT_HEIGHT: i32 = 256;
const FLOOR_DB: f64 = -80.0;

function put(rgb: Uint8Array, x: i32, y: i32, r: u8, g: u8, b: u8): void {
  const at = (y * PLOT_WIDTH + x) * 3;
  rgb[at] = r;
  rgb[at + 1] = g;
  rgb[at + 2] = b;
}

/** A PNG of `magnitudes` (bins 0..n/2), one column per group of bins, the loudest bin at 0 dB. */
export function plotSpectrum(magnitudes: Float64Array, peakBins: i32[]): Uint8Array {
  const rgb = new Uint8Array(PLOT_WIDTH * PLOT_HEIGHT * 3);
  for (let i = 0; i < rgb.length; i += 3) {
    rgb[i] = 16; rgb[i + 1] = 18; rgb[i + 2] = 26;
  }
  let loudest: f64 = 1e-300;
  for (let k = 0; k < magnitudes.length; k++) loudest = max(loudest, magnitudes[k]);
  const bins = magnitudes.length;
  for (let x = 0; x < PLOT_WIDTH; x++) {
    const from = (x * bins) / PLOT_WIDTH;
    const to = max(from + 1, ((x + 1) * bins) / PLOT_WIDTH);
    let value: f64 = 0;
    let isPeak = false;
    for (let k = from; k < to; k++) {
      value = max(value, magnitudes[k]);
      if (peakBins.includes(k)) isPeak = true;
    }
    const db = max(FLOOR_DB, 20.0 * Math.log10(max(value, 1e-300) / loudest));
    const barHeight = <i32>(((db - FLOOR_DB) / -FLOOR_DB) * <f64>(PLOT_HEIGHT - 1));
    for (let y = PLOT_HEIGHT - 1; y >= PLOT_HEIGHT - 1 - barHeight; y--) {
      if (isPeak) put(rgb, x, y, 255, 90, 70);
      else put(rgb, x, y, 70, 170, <u8>(200 + (55 * (PLOT_HEIGHT - y)) / PLOT_HEIGHT));
    }
  }
  return encodePng(PLOT_WIDTH, PLOT_HEIGHT, rgb);
}
