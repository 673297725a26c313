// Reads a RIFF/WAVE file holding 16-bit PCM mono audio.
import { fail } from "../../lib/assembly/cli";

export class Wav {
  constructor(public sampleRate: i32, public samples: Float64Array) {}
}

function tag(data: Uint8Array, at: i32): string {
  return String.fromCharCodes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
}

function u16(data: Uint8Array, at: i32): i32 {
  return <i32>data[at] | (<i32>data[at + 1] << 8);
}

function u32(data: Uint8Array, at: i32): i32 {
  return u16(data, at) | (u16(data, at + 2) << 16);
}

/** Parses the file; samples are scaled to [-1, 1). Exits with code 2 on anything but 16-bit PCM mono. */
export function parseWav(data: Uint8Array): Wav {
  if (data.length < 12 || tag(data, 0) != "RIFF" || tag(data, 8) != "WAVE") fail("input.wav is not a RIFF/WAVE file");
  let sampleRate = 0;
  let at = 12;
  while (at + 8 <= data.length) {
    const id = tag(data, at);
    const size = u32(data, at + 4);
    const body = at + 8;
    if (size < 0 || body + size > data.length) fail("input.wav: chunk " + id + " runs past the end of the file");
    if (id == "fmt ") {
      const format = u16(data, body), channels = u16(data, body + 2), bits = u16(data, body + 14);
      if (format != 1 || channels != 1 || bits != 16) {
        fail("input.wav must be 16-bit PCM mono (format " + format.toString() + ", " + channels.toString() + " channels, " + bits.toString() + " bits)");
      }
      sampleRate = u32(data, body + 4);
    } else if (id == "data") {
      if (sampleRate == 0) fail("input.wav: data chunk before fmt chunk");
      const count = size / 2;
      const samples = new Float64Array(count);
      for (let i = 0; i < count; i++) samples[i] = <f64>(<i16>u16(data, body + 2 * i)) / 32768.0;
      return new Wav(sampleRate, samples);
    }
    at = body + size + (size & 1); // chunks are padded to even sizes
  }
  fail("input.wav has no data chunk");
  return new Wav(0, new Float64Array(0));
}
