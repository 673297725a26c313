/** Host-side WAV helpers for the spectrum app (16-bit PCM mono, what the app reads). Browser-safe. */

export type Pcm = { sampleRate: number; samples: Int16Array };

/**
 * Reads a RIFF/WAVE file of 16-bit PCM mono audio.
 * @example
 * const { sampleRate, samples } = parseWav(bytes)
 */
export function parseWav(bytes: Uint8Array): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let sampleRate = 0;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > bytes.length) throw new Error(`WAV chunk ${tag(at)} runs past the end of the file`);
    if (tag(at) === 'fmt ') {
      const [format, channels, bits] = [view.getUint16(body, true), view.getUint16(body + 2, true), view.getUint16(body + 14, true)];
      if (format !== 1 || channels !== 1 || bits !== 16)
        throw new Error(`WAV must be 16-bit PCM mono (format ${format}, ${channels} channels, ${bits} bits)`);
      sampleRate = view.getUint32(body + 4, true);
    } else if (tag(at) === 'data') {
      if (!sampleRate) throw new Error('WAV data chunk before its fmt chunk');
      const samples = new Int16Array(size >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + 2 * i, true);
      return { sampleRate, samples };
    }
    at = body + size + (size & 1);
  }
  throw new Error('WAV file has no data chunk');
}

/**
 * Writes a canonical 44-byte-header WAV file: PCM, mono, 16 bits.
 * @example
 * const bytes = encodeWav({ sampleRate: 8000, samples: Int16Array.of(0, 1000, 0, -1000) })
 */
export function encodeWav({ sampleRate, samples }: Pcm): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => {
    view.setInt16(44 + i * 2, s, true);
  });
  return bytes;
}
