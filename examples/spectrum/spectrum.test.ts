import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodePng } from '../lib/decodePng.ts';
import { MELODY } from '../generateData.ts';
import { matchExpected } from '../lib/expected.ts';
import { loadApp } from '../lib/loadApp.ts';
import { runBag } from '../lib/runBag.ts';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../lib/sandbox.ts';
import { type SegmentSpectrum, spectrum } from './task.ts';
import { encodeWav } from './wav.ts';

const limits = { memoryMb: 32, timeoutMs: 60_000, maxOutputBytes: 4 << 20 };
const SAMPLE_RATE = 8000;
const TONES = [
  { frequency: 440, amplitude: 0.5 },
  { frequency: 1000, amplitude: 0.25 },
  { frequency: 2637.5, amplitude: 0.1 }, // between two bins: the interpolated height is ~2.5% off
];
type Spectrum = { sampleRate: number; size: number; binHz: number; peaks: { frequency: number; magnitude: number; bin: number }[] };

describe('spectrum', () => {
  let pool: SandboxPool;
  let module: Uint8Array;
  const analyse = (wav: Uint8Array, args: string[] = []) => pool.run({ module, args, files: { 'input.wav': wav }, seed: 'task', limits });
  before(() => {
    module = loadApp('spectrum');
    pool = createSandboxPool({ size: 1 });
  });
  after(() => pool.close());

  test('finds the three sine frequencies of a generated WAV, loudest first, with their amplitudes', async () => {
    const result = await analyse(wavOf(sines(TONES, 16_384)), ['3']);
    assert.equal(result.exitCode, 0, new TextDecoder().decode(result.stderr));
    const spectrum: Spectrum = JSON.parse(new TextDecoder().decode(result.files['spectrum.json']));
    assert.deepEqual([spectrum.sampleRate, spectrum.size, spectrum.binHz], [SAMPLE_RATE, 16_384, SAMPLE_RATE / 16_384]);
    assert.equal(spectrum.peaks.length, 3);
    spectrum.peaks.forEach((peak, i) => {
      assert.ok(Math.abs(peak.frequency - TONES[i]!.frequency) < spectrum.binHz / 4, `peak ${i} at ${peak.frequency} Hz`);
      assert.ok(Math.abs(peak.magnitude / TONES[i]!.amplitude - 1) < 0.05, `peak ${i} magnitude ${peak.magnitude}`);
    });
    assert.deepEqual(new TextDecoder().decode(result.stdout).trim(), new TextDecoder().decode(result.files['spectrum.json']));
  });

  test('plots the spectrum as a valid 512x256 PNG with the peaks marked in red', async () => {
    const result = await analyse(wavOf(sines(TONES.slice(0, 1), 4096)), ['1']);
    const png = decodePng(result.files['spectrum.png']!);
    assert.deepEqual([png.width, png.height], [512, 256]);
    const peakColumn = Math.floor(((440 / SAMPLE_RATE) * 4096 * 512) / 2049);
    const bottom = (255 * 512 + peakColumn) * 3;
    assert.deepEqual([...png.rgb.subarray(bottom, bottom + 3)], [255, 90, 70]);
  });

  test('analyses the reference signal to the committed digest on every machine', async () => {
    const result = await analyse(wavOf(sines(TONES, 8192)), ['3']);
    const json = new TextDecoder().decode(result.files['spectrum.json']);
    matchExpected(new URL('./expected.json', import.meta.url), {
      input: '3 tones, 8192 samples',
      args: ['3'],
      json,
      digest: computeResultDigest(result),
    });
  });

  test('the default bag finds each chord of data/melody.wav in its own segment and stacks the plots into one PNG', async () => {
    const bag = await runBag(spectrum, undefined, pool, module);
    assert.equal(bag.tasks.length, 4);
    const segments: (SegmentSpectrum & { startSeconds: number })[] = JSON.parse(new TextDecoder().decode(bag.result.files['spectra.json']));
    segments.forEach((segment, i) => {
      assert.equal(segment.startSeconds, i / 2);
      const found = segment.peaks.slice(0, 2).map((p) => p.frequency);
      MELODY[i]!.forEach((f, j) => {
        assert.ok(Math.abs(found[j]! - f) < segment.binHz / 2, `segment ${i}: ${found} vs ${MELODY[i]}`);
      });
      assert.ok(
        segment.peaks.some((p) => Math.abs(p.frequency - 100) < segment.binHz / 2),
        `segment ${i} shows the 100 Hz hum`,
      );
    });
    const png = decodePng(bag.result.files['spectrogram.png']!);
    assert.deepEqual([png.width, png.height], [512, 4 * 256 + 3 * 3]);
  });

  test('error: stereo input exits with code 2 and says why', async () => {
    const stereo = wavOf(sines(TONES, 64));
    stereo[22] = 2; // channels
    const result = await analyse(stereo);
    assert.equal(result.exitCode, 2);
    assert.match(new TextDecoder().decode(result.stderr), /16-bit PCM mono/);
  });
});

function sines(tones: { frequency: number; amplitude: number }[], count: number): Int16Array {
  return Int16Array.from({ length: count }, (_, n) =>
    Math.round(32767 * tones.reduce((sum, t) => sum + t.amplitude * Math.sin((2 * Math.PI * t.frequency * n) / SAMPLE_RATE), 0)),
  );
}

function wavOf(samples: Int16Array): Uint8Array {
  return encodeWav({ sampleRate: SAMPLE_RATE, samples });
}
