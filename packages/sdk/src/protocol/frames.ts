/** Length-prefixed frames: u32be(length) ‖ bytes, repeated (the batch blob wire format). */
export function frame(blobs: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(blobs.reduce((s, b) => s + 4 + b.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const b of blobs) {
    view.setUint32(at, b.length);
    out.set(b, at + 4);
    at += 4 + b.length;
  }
  return out;
}

/** Splits length-prefixed frames; throws on a truncated body. */
export function unframe(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length) throw new Error('unframe: truncated length');
    const n = view.getUint32(at);
    if (at + 4 + n > bytes.length) throw new Error('unframe: truncated frame');
    out.push(bytes.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}
