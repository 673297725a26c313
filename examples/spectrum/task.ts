/**
 * The spectrum app as a bag: the WAV input is cut into `segments` consecutive
 * pieces, one task each (a coarse spectrogram); `combine` lists each segment's
 * peaks and stacks the segments' plots, first on top, into spectrogram.png.
 * The default input is data/melody.wav (four half-second chords).
 */
import { readFileSync } from 'node:fs';
import type { AppSpec } from '../lib/appSpec.ts';
import { readStoredPng } from '../lib/readStoredPng.ts';
import { outputFile, utf8, withDefaults } from '../lib/taskOutput.ts';
import { encodePng } from '../renderer/encodePng.ts';
import { encodeWav, parseWav } from './wav.ts';

export type SpectrumParams = {
  /** A 16-bit PCM mono WAV file; default data/melody.wav. */
  wav?: Uint8Array;
  /** Consecutive segments, one task each. */
  segments: number;
  /** Peaks reported per segment. */
  peaks: number;
};

/** What one task writes to /out/spectrum.json (and prints). */
export type SegmentSpectrum = {
  sampleRate: number;
  size: number;
  binHz: number;
  peaks: { frequency: number; magnitude: number; bin: number }[];
};

const DEFAULTS: SpectrumParams = { segments: 4, peaks: 3 };
const DEFAULT_WAV = new URL('./data/melody.wav', import.meta.url);
const SEPARATOR = 3; // pixel rows between stacked plots

/** The segments of the input: [start, end) sample ranges covering it. */
function segmentRanges(p: SpectrumParams): { pcm: ReturnType<typeof parseWav>; ranges: [number, number][] } {
  const pcm = parseWav(p.wav ?? new Uint8Array(readFileSync(DEFAULT_WAV)));
  if (!Number.isInteger(p.segments) || p.segments < 1) throw new RangeError('segments must be a positive integer');
  const length = Math.floor(pcm.samples.length / p.segments);
  if (length < 4) throw new RangeError(`${pcm.samples.length} samples cannot make ${p.segments} segments of at least 4`);
  return {
    pcm,
    ranges: Array.from({ length: p.segments }, (_, i) => [i * length, i === p.segments - 1 ? pcm.samples.length : (i + 1) * length]),
  };
}

export const spectrum: AppSpec<SpectrumParams> = {
  name: 'spectrum',
  description: 'Magnitude spectrum (Hann window, radix-2 FFT) of a WAV file: peaks as JSON and a PNG plot; one segment per task',
  wasmPath: new URL('./build/spectrum.wasm', import.meta.url).pathname,
  category: 'XS',
  limits: { memoryMb: 32, timeoutMs: 10_000, maxOutputBytes: 1 << 20 },
  defaultParams: DEFAULTS,

  buildTasks(partial) {
    const p = withDefaults(DEFAULTS, partial);
    if (!Number.isInteger(p.peaks) || p.peaks < 1) throw new RangeError('peaks must be a positive integer');
    const { pcm, ranges } = segmentRanges(p);
    return ranges.map(([start, end]) => ({
      args: [String(p.peaks)],
      files: { 'input.wav': encodeWav({ sampleRate: pcm.sampleRate, samples: pcm.samples.subarray(start, end) }) },
    }));
  },

  combine(results, partial) {
    const p = withDefaults(DEFAULTS, partial);
    const { pcm, ranges } = segmentRanges(p);
    if (results.length !== ranges.length) throw new Error(`expected ${ranges.length} segments, got ${results.length}`);
    const segments = results.map((r, i) => {
      const spectrum = JSON.parse(new TextDecoder().decode(outputFile(r, i, 'spectrum.json'))) as SegmentSpectrum;
      const [start, end] = ranges[i]!;
      return { startSeconds: start / pcm.sampleRate, endSeconds: end / pcm.sampleRate, ...spectrum };
    });
    const plots = results.map((r, i) => readStoredPng(outputFile(r, i, 'spectrum.png')));
    const width = plots[0]!.width;
    const height = plots.reduce((h, plot) => h + plot.height, SEPARATOR * (plots.length - 1));
    const rgb = new Uint8Array(width * height * 3).fill(255);
    let row = 0;
    for (const plot of plots) {
      if (plot.width !== width) throw new Error('segment plots differ in width');
      rgb.set(plot.rgb, row * width * 3);
      row += plot.height + SEPARATOR;
    }
    const lines = segments.map(
      (s) =>
        `${s.startSeconds.toFixed(2)}-${s.endSeconds.toFixed(2)} s: ${s.peaks.map((k) => `${k.frequency.toFixed(1)} Hz (${k.magnitude.toFixed(3)})`).join(', ')}`,
    );
    return {
      summary: `spectrum of ${segments.length} segment(s), ${pcm.sampleRate} Hz, peaks loudest first:\n${lines.join('\n')}`,
      files: { 'spectra.json': utf8(`${JSON.stringify(segments, null, 2)}\n`), 'spectrogram.png': encodePng(width, height, rgb) },
    };
  },
};
