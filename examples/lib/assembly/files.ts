// WASI file access for the example apps: whole-file reads from /in and writes to /out.
import {
  errno,
  fd_close,
  fd_prestat_dir_name,
  fd_prestat_get,
  fd_read,
  fd_write,
  iovec,
  oflags,
  path_open,
  prestat,
  rights,
} from "bindings/wasi_snapshot_preview1";

const scratch = memory.data(16);
const CHUNK: i32 = 65536;

/** Finds the preopened directory (e.g. "/in") that `path` lives in; returns [fd, relative path]. */
function resolve(path: string): string[] {
  for (let fd: u32 = 3; fd < 64; fd++) {
    if (fd_prestat_get(fd, changetype<prestat>(scratch)) != errno.SUCCESS) break;
    const length = load<u32>(scratch, 4);
    const name = new ArrayBuffer(length);
    fd_prestat_dir_name(fd, changetype<usize>(name), length);
    const dir = String.UTF8.decode(name);
    if (path.startsWith(dir + "/")) return [fd.toString(), path.substring(dir.length + 1)];
  }
  throw new Error("no preopened directory holds " + path);
}

/** Opens `path`; returns the fd, or -errno when it cannot be opened. */
function tryOpen(path: string, flags: u16, rightsBase: u64): i64 {
  const where = resolve(path);
  const relative = String.UTF8.encode(where[1]);
  const result = path_open(
    <u32>I32.parseInt(where[0]), 0, changetype<usize>(relative), relative.byteLength,
    flags, rightsBase, 0, 0, scratch,
  );
  if (result != errno.SUCCESS) return -(<i64>result);
  return <i64>load<u32>(scratch);
}

function open(path: string, flags: u16, rightsBase: u64): u32 {
  const fd = tryOpen(path, flags, rightsBase);
  if (fd < 0) throw new Error("cannot open " + path + ": errno " + (-fd).toString());
  return <u32>fd;
}

/** True when `path` exists and can be opened for reading, e.g. an optional input under /in. */
export function fileExists(path: string): bool {
  const fd = tryOpen(path, 0, rights.FD_READ);
  if (fd < 0) return false;
  fd_close(<u32>fd);
  return true;
}

/** Reads a whole file, e.g. readFile("/in/input.wav"). */
export function readFile(path: string): Uint8Array {
  const fd = open(path, 0, rights.FD_READ);
  let data = new Uint8Array(CHUNK);
  let size = 0;
  while (true) {
    if (size + CHUNK > data.length) {
      const grown = new Uint8Array(data.length * 2);
      grown.set(data);
      data = grown;
    }
    const iov = changetype<iovec>(scratch);
    iov.buf = data.dataStart + size;
    iov.buf_len = CHUNK;
    const result = fd_read(fd, scratch, 1, scratch + 8);
    if (result != errno.SUCCESS) throw new Error("cannot read " + path);
    const count = <i32>load<u32>(scratch, 8);
    if (count == 0) break;
    size += count;
  }
  fd_close(fd);
  return data.slice(0, size);
}

/** Reads a whole UTF-8 text file. */
export function readText(path: string): string {
  const data = readFile(path);
  return String.UTF8.decodeUnsafe(data.dataStart, data.length);
}

/** Creates or truncates a file and writes `data` to it, e.g. writeFile("/out/tile.rgb", pixels). */
export function writeFile(path: string, data: Uint8Array): void {
  const fd = open(path, oflags.CREAT | oflags.TRUNC, rights.FD_WRITE);
  let written = 0;
  while (written < data.length) {
    const iov = changetype<iovec>(scratch);
    iov.buf = data.dataStart + written;
    iov.buf_len = data.length - written;
    if (fd_write(fd, scratch, 1, scratch + 8) != errno.SUCCESS) throw new Error("cannot write " + path);
    written += <i32>load<u32>(scratch, 8);
  }
  fd_close(fd);
}

/** Writes a string as UTF-8. */
export function writeText(path: string, text: string): void {
  writeFile(path, Uint8Array.wrap(String.UTF8.encode(text)));
}
