// A minimal PNG encoder (8-bit RGB, no filtering, zlib "stored" blocks):
// larger files than a real deflater, but a few dozen lines and no dependencies.

const CRC_TABLE = new StaticArray<u32>(256);
for (let n: u32 = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
  CRC_TABLE[n] = c;
}

function crc32(data: Uint8Array, start: i32, end: i32): u32 {
  let crc: u32 = 0xffffffff;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffff;
}

function adler32(data: Uint8Array): u32 {
  let a: u32 = 1, b: u32 = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

class ByteWriter {
  bytes: Uint8Array;
  at: i32 = 0;
  constructor(size: i32) {
    this.bytes = new Uint8Array(size);
  }
  u8(value: u32): void {
    this.bytes[this.at++] = <u8>value;
  }
  u16le(value: u32): void {
    this.u8(value & 0xff);
    this.u8(value >> 8);
  }
  u32be(value: u32): void {
    this.u8(value >> 24);
    this.u8((value >> 16) & 0xff);
    this.u8((value >> 8) & 0xff);
    this.u8(value & 0xff);
  }
  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.u8(text.charCodeAt(i));
  }
  copy(data: Uint8Array, start: i32, end: i32): void {
    this.bytes.set(data.subarray(start, end), this.at);
    this.at += end - start;
  }
  /** Writes a chunk whose data is already at [start, at) after a length/type header written by beginChunk. */
  endChunk(start: i32): void {
    const length = this.at - start - 8;
    const saved = this.at;
    this.at = start;
    this.u32be(length);
    this.at = saved;
    this.u32be(crc32(this.bytes, start + 4, saved));
  }
}

const MAX_STORED: i32 = 65535;

/** Encodes `rgb` (width * height * 3 bytes, row-major) as a PNG file. */
export function encodePng(width: i32, height: i32, rgb: Uint8Array): Uint8Array {
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const blocks = max(1, (raw.length + MAX_STORED - 1) / MAX_STORED);
  const zlibLength = 2 + raw.length + blocks * 5 + 4;
  const out = new ByteWriter(8 + 25 + 12 + zlibLength + 12);
  const signature: u8[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  for (let i = 0; i < 8; i++) out.u8(signature[i]);

  let start = out.at;
  out.u32be(0);
  out.ascii("IHDR");
  out.u32be(width);
  out.u32be(height);
  out.u8(8); // bit depth
  out.u8(2); // colour type: RGB
  out.u8(0); // compression
  out.u8(0); // filter
  out.u8(0); // interlace
  out.endChunk(start);

  start = out.at;
  out.u32be(0);
  out.ascii("IDAT");
  out.u8(0x78); // zlib: deflate, 32 KiB window
  out.u8(0x01); // no preset dictionary, fastest; (0x7801 % 31 == 0)
  for (let b = 0; b < blocks; b++) {
    const from = b * MAX_STORED;
    const to = min(raw.length, from + MAX_STORED);
    out.u8(b == blocks - 1 ? 1 : 0); // BFINAL, BTYPE=00 (stored)
    out.u16le(to - from);
    out.u16le(~(to - from) & 0xffff);
    out.copy(raw, from, to);
  }
  out.u32be(adler32(raw));
  out.endChunk(start);

  start = out.at;
  out.u32be(0);
  out.ascii("IEND");
  out.endChunk(start);
  return out.bytes;
}
