/**
 * Reads back the PNGs the example encoders write (8-bit RGB, filter 0, zlib
 * "stored" blocks) without an inflater, so combine steps can re-compose them in
 * the browser too. Anything else (real deflate, other colour types) is rejected;
 * tests use lib/decodePng.ts, which checks every CRC with node:zlib.
 */
export function readStoredPng(png: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (png.length < 8 || view.getUint32(0) !== 0x89504e47 || view.getUint32(4) !== 0x0d0a1a0a) throw new Error('not a PNG file');
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      if (data[8] !== 8 || data[9] !== 2 || data[12] !== 0) throw new Error('expected an 8-bit RGB, non-interlaced PNG');
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const zlib = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  let offset = 0;
  for (const d of idat) {
    zlib.set(d, offset);
    offset += d.length;
  }
  const stride = width * 3 + 1;
  const raw = new Uint8Array(height * stride);
  let out = 0;
  for (let at = 2; ; ) {
    const header = zlib[at]!;
    if ((header & 0b110) !== 0) throw new Error('PNG uses compressed deflate blocks (only stored blocks are read here)');
    const length = zlib[at + 1]! | (zlib[at + 2]! << 8);
    if (out + length > raw.length) throw new Error('PNG holds more pixel data than its size');
    raw.set(zlib.subarray(at + 5, at + 5 + length), out);
    out += length;
    at += 5 + length;
    if (header & 1) break;
  }
  if (out !== raw.length) throw new Error(`PNG pixel data is ${out} bytes, expected ${raw.length}`);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    if (raw[y * stride] !== 0) throw new Error(`scanline ${y} uses PNG filter ${raw[y * stride]}`);
    rgb.set(raw.subarray(y * stride + 1, (y + 1) * stride), y * width * 3);
  }
  return { width, height, rgb };
}
