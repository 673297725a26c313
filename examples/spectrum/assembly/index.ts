// spectrum: magnitude spectrum of /in/input.wav (16-bit PCM mono) with a Hann window.
// args: [peakCount=5] [fftSize=largest power of two <= samples, at most 65536]
// out:  /out/spectrum.json {sampleRate,size,binHz,peaks:[{frequency,magnitude,bin}]}, /out/spectrum.png
import { argInt, fail } from "../../lib/assembly/cli";
import { readFile, writeFile, writeText } from "../../lib/assembly/files";
import { fft } from "./fft";
import { plotSpectrum } from "./plot";
import { parseWav } from "./wav";

const wav = parseWav(readFile("/in/input.wav"));
const peakCount = argInt(1, 5);
let size = 1;
while (size * 2 <= min(wav.samples.length, 65536)) size *= 2;
size = argInt(2, size);
if (size < 4 || (size & (size - 1)) != 0 || size > wav.samples.length) fail("fftSize must be a power of two >= 4 and <= the sample count");

// Periodic Hann window; its coherent gain is 1/2, so a sine of amplitude A reads A = 4|X| / size.
const re = new Float64Array(size);
const im = new Float64Array(size);
for (let i = 0; i < size; i++) re[i] = wav.samples[i] * (0.5 - 0.5 * Math.cos((2.0 * Math.PI * <f64>i) / <f64>size));
fft(re, im);
const bins = size / 2 + 1;
const magnitudes = new Float64Array(bins);
for (let k = 0; k < bins; k++) magnitudes[k] = (4.0 * Math.sqrt(re[k] * re[k] + im[k] * im[k])) / <f64>size;

// Peaks: local maxima above -80 dB of the loudest bin, loudest first; position and height
// refined by fitting a parabola to the log magnitudes (exact for a Gaussian, close for Hann).
let loudest: f64 = 0;
for (let k = 0; k < bins; k++) loudest = max(loudest, magnitudes[k]);
const candidates: i32[] = [];
for (let k = 1; k < bins - 1; k++) {
  const m = magnitudes[k];
  if (m > magnitudes[k - 1] && m >= magnitudes[k + 1] && m > loudest * 1e-4) candidates.push(k);
}
candidates.sort((a: i32, b: i32): i32 => (magnitudes[b] > magnitudes[a] ? 1 : magnitudes[b] < magnitudes[a] ? -1 : a - b));
const peaks = candidates.slice(0, peakCount);
const binHz = <f64>wav.sampleRate / <f64>size;
let json = `{"sampleRate":${wav.sampleRate},"size":${size},"binHz":${binHz},"peaks":[`;
for (let i = 0; i < peaks.length; i++) {
  const k = peaks[i];
  const alpha = Math.log(magnitudes[k - 1]), beta = Math.log(magnitudes[k]), gamma = Math.log(magnitudes[k + 1]);
  const offset = (0.5 * (alpha - gamma)) / (alpha - 2.0 * beta + gamma);
  const magnitude = Math.exp(beta - 0.25 * (alpha - gamma) * offset);
  json += `${i ? "," : ""}{"frequency":${(<f64>k + offset) * binHz},"magnitude":${magnitude},"bin":${k}}`;
}
json += "]}";
writeText("/out/spectrum.json", json);
writeFile("/out/spectrum.png", plotSpectrum(magnitudes, peaks));
console.log(json);
