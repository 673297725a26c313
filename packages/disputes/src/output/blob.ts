import { ProofgridError } from '@proofgrid/sdk/errors';

/**
 * A halted run's output as the bytes a provable task's result blob carries (decision 027): enough to recompute the
 * output commitment from bytes alone, given the task's input files.
 */
export type ProvableResult = {
  /** 1 exited, 2 trapped. */
  status: number;
  exitCode: number;
  stdout: Uint8Array;
  /** The length of each chunk a micro-step wrote to stdout, in order (the running hash is over the chunks). */
  stdoutChunks: number[];
  stderr: Uint8Array;
  stderrChunks: number[];
  /** The files under /out at the halt, by path. */
  files: Record<string, Uint8Array>;
  /** The directories under /out at the halt ('' is /out itself), and under /in. */
  outDirs: string[];
  inDirs: string[];
  /** The files under /in at the halt: `null` for a file equal to the task's input file of that path. */
  inFiles: Record<string, Uint8Array | null>;
};

const MAGIC = [0x50, 0x47, 0x50, 0x52, 1]; // "PGPR", version 1
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

const byteOrder = (a: string, b: string) => {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};
const sorted = (names: Iterable<string>) => [...names].sort(byteOrder);

class Writer {
  parts: Uint8Array[] = [];
  bytes(b: Uint8Array | number[]) {
    this.parts.push(Uint8Array.from(b));
  }
  u8(n: number) {
    this.bytes([n]);
  }
  u32(n: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, false);
    this.bytes(b);
  }
  u64(n: number) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(n), false);
    this.bytes(b);
  }
  name(s: string) {
    const b = encoder.encode(s);
    this.u32(b.length);
    this.bytes(b);
  }
  blob(b: Uint8Array) {
    this.u64(b.length);
    this.bytes(b);
  }
  join(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) out.set(p, (at += p.length) - p.length);
    return out;
  }
}

const malformed = (reason: string) =>
  new ProofgridError(`the provable result blob does not decode: ${reason}`, { code: 'ProvableResultMalformed', details: { reason } });

class Reader {
  at = 0;
  readonly view: DataView;
  constructor(readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  take(n: number): Uint8Array {
    if (n > this.b.length - this.at) throw malformed(`cut short at byte ${this.at}`);
    return this.b.subarray(this.at, (this.at += n));
  }
  u8 = () => this.take(1)[0]!;
  u32 = () => new DataView(this.take(4).slice().buffer).getUint32(0, false);
  u64(): number {
    const n = new DataView(this.take(8).slice().buffer).getBigUint64(0, false);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed('a length past 2^53');
    return Number(n);
  }
  name(): string {
    try {
      return decoder.decode(this.take(this.u32()));
    } catch (error) {
      if (error instanceof ProofgridError) throw error;
      throw malformed('a path that is not UTF-8');
    }
  }
  blob = () => this.take(this.u64()).slice();
  /** `count` names in strictly increasing byte order (no duplicate, one canonical encoding per result). */
  names<T>(read: (name: string) => T): [string, T][] {
    const count = this.u32();
    const out: [string, T][] = [];
    for (let i = 0; i < count; i++) {
      const name = this.name();
      if (out.length > 0 && byteOrder(out[out.length - 1]![0], name) >= 0) throw malformed(`paths out of order at ${name}`);
      out.push([name, read(name)]);
    }
    return out;
  }
}

function writeStream(w: Writer, bytes: Uint8Array, chunks: number[]) {
  if (chunks.reduce((n, c) => n + c, 0) !== bytes.length) throw new Error('stream chunk lengths do not add up to its bytes');
  w.u32(chunks.length);
  for (const c of chunks) w.u32(c);
  w.blob(bytes);
}

function readStream(r: Reader): [Uint8Array, number[]] {
  const count = r.u32();
  const chunks = Array.from({ length: count }, () => r.u32());
  const bytes = r.blob();
  if (chunks.reduce((n, c) => n + c, 0) !== bytes.length) throw malformed('stream chunk lengths do not add up to its bytes');
  return [bytes, chunks];
}

/**
 * The result blob a worker uploads for a provable task: "PGPR", version 1, then status (u8), exit code (u32), stdout
 * and stderr (chunk count u32, chunk lengths u32 each, byte length u64, bytes), /in directories, /in files (path,
 * then 0 for "the input file" or 1 and its bytes), /out directories, /out files (path, byte length u64, bytes); paths
 * as u32 length and UTF-8, each list in increasing byte order; integers big-endian. One encoding per result.
 * @example
 * const blob = encodeProvableResult(trace.output().result);
 */
export function encodeProvableResult(result: ProvableResult): Uint8Array {
  const w = new Writer();
  w.bytes(MAGIC);
  w.u8(result.status);
  w.u32(result.exitCode);
  writeStream(w, result.stdout, result.stdoutChunks);
  writeStream(w, result.stderr, result.stderrChunks);
  const names = (list: string[]) => {
    const ordered = sorted(new Set(list));
    w.u32(ordered.length);
    return ordered;
  };
  for (const dir of names(result.inDirs)) w.name(dir);
  for (const path of names(Object.keys(result.inFiles))) {
    w.name(path);
    const content = result.inFiles[path];
    w.u8(content ? 1 : 0);
    if (content) w.blob(content);
  }
  for (const dir of names(result.outDirs)) w.name(dir);
  for (const path of names(Object.keys(result.files))) {
    w.name(path);
    w.blob(result.files[path]!);
  }
  return w.join();
}

/** Decodes a blob of encodeProvableResult; throws ProvableResultMalformed on anything else (trailing bytes included). */
export function decodeProvableResult(blob: Uint8Array): ProvableResult {
  const r = new Reader(blob);
  if (!MAGIC.every((b, i) => blob[i] === b) || blob.length < MAGIC.length) throw malformed('not a provable result (magic, version 1)');
  r.take(MAGIC.length);
  const status = r.u8();
  if (status !== 1 && status !== 2) throw malformed(`status ${status} is not a halt`);
  const exitCode = r.u32();
  const [stdout, stdoutChunks] = readStream(r);
  const [stderr, stderrChunks] = readStream(r);
  const inDirs = r.names(() => null).map(([n]) => n);
  const inFiles = Object.fromEntries(
    r.names(() => {
      const flag = r.u8();
      if (flag > 1) throw malformed(`input file flag ${flag}`);
      return flag === 1 ? r.blob() : null;
    }),
  );
  const outDirs = r.names(() => null).map(([n]) => n);
  const files = Object.fromEntries(r.names(() => r.blob()));
  if (r.at !== blob.length) throw malformed(`${blob.length - r.at} bytes past the end`);
  return { status, exitCode, stdout, stdoutChunks, stderr, stderrChunks, files, outDirs, inDirs, inFiles };
}
