// Test helper: a module calling every provable host call on its edge cases (onchain/hostIo.test.ts): args and environ
// across leaves, prestat, fd_read/fd_write chunks across leaves of memory and of the file, zero-length iovecs, end of
// file, errnos and faults, and path_open (decision 023) on every answer it gives. Each call's errno goes to
// 3000 + 4 * its index; path_open's fds to 900 + 4 * k.
import { buildModule, i32c, i64c, T, type ValType } from './wasmBuilder.ts';

const I = T.i32;
export const WASI: [string, ValType[]][] = [
  ['args_sizes_get', [I, I]],
  ['args_get', [I, I]],
  ['environ_sizes_get', [I, I]],
  ['environ_get', [I, I]],
  ['path_open', [I, I, I, I, I, T.i64, T.i64, I, I]],
  ['fd_read', [I, I, I, I]],
  ['fd_write', [I, I, I, I]],
  ['fd_close', [I]],
  ['fd_prestat_get', [I, I]],
  ['fd_prestat_dir_name', [I, I, I]],
  ['proc_exit', [I]],
  ['random_get', [I, I]],
  ['clock_time_get', [I, T.i64, I]],
  ['clock_res_get', [I, I]],
];
const fn = (name: string) => WASI.findIndex(([n]) => n === name);
let slot = 0;
const call = (name: string, ...args: (number | bigint)[]) => {
  const params = WASI[fn(name)]![1];
  const push = args.flatMap((a, i) => (params[i] === T.i64 ? i64c(BigInt(a)) : i32c(Number(a))));
  return [...i32c(3000 + 4 * slot++), ...push, 0x10, fn(name), 0x36, 0x00, 0x00];
};
const iov = (at: number, ptr: number, length: number) => [
  ...[...i32c(at), ...i32c(ptr), 0x36, 0x02, 0x00],
  ...[...i32c(at + 4), ...i32c(length), 0x36, 0x02, 0x00],
];
const enc = (s: string) => [...new TextEncoder().encode(s)];

const FIRST = [
  ...call('args_sizes_get', 0, 4),
  ...call('args_get', 16, 62), // the strings cross leaves
  ...call('environ_sizes_get', 200, 204),
  ...call('environ_get', 208, 256),
  ...call('args_get', 65_534, 0), // FAULT: checked before any write
  ...call('args_sizes_get', 65_534, 0), // FAULT
  ...call('fd_prestat_get', 3, 1400),
  ...call('fd_prestat_get', 4, 1436), // an 8-byte store across two leaves
  ...call('fd_prestat_get', 0, 1400), // INVAL: not a preopen
  ...call('fd_prestat_get', 99, 1400), // BADF
  ...call('fd_prestat_get', 3, 65_532), // FAULT
  ...call('fd_prestat_dir_name', 4, 1470, 4), // "/out" across two leaves
  ...call('fd_prestat_dir_name', 3, 1480, 2), // NOBUFS
  ...call('path_open', 3, 0, 2000, 8, 0, 2, 0, 0, 600), // fd 5, read only
  ...iov(2300, 700, 50),
  ...call('fd_read', 5, 2300, 1, 604), // 16 bytes into a buffer across leaves
  ...iov(2316, 800, 3),
  ...iov(2324, 830, 20),
  ...call('fd_read', 5, 2316, 2, 608), // at the end of the file: 0 bytes
  ...call('fd_read', 0, 2300, 1, 612), // stdin: empty
  ...call('fd_read', 4, 2300, 1, 616), // a directory: ISDIR
  ...call('fd_read', 42, 2300, 1, 620), // BADF
  ...call('fd_write', 5, 2300, 1, 624), // NOTCAPABLE: opened without FD_WRITE
  ...call('fd_close', 5),
  ...call('fd_close', 5), // BADF
  ...call('fd_close', 1), // stdio stays open
  ...call('path_open', 4, 0, 2032, 5, 9, 66, 0, 0, 628), // /out/o.txt, created, truncated, read and write
  ...iov(2340, 2048, 60),
  ...iov(2348, 0, 0), // zero-length
  ...iov(2356, 2050, 5),
  ...call('fd_write', 5, 2340, 3, 632), // 65 bytes into the file, across leaves of memory and of the file
  ...call('fd_write', 1, 2340, 3, 636), // the same to stdout
  ...call('fd_write', 2, 2356, 1, 640),
  ...iov(2364, 65_530, 100),
  ...call('fd_write', 1, 2364, 1, 644), // FAULT: the iovec's buffer is outside memory
  ...call('fd_write', 1, 65_532, 1, 648), // FAULT: the iovec itself is
  ...call('fd_write', 0, 2340, 1, 652), // SPIPE
  ...call('fd_close', 5),
];

/** Paths path_open is given (data segments at these offsets). */
const PATHS: [number, number[]][] = [
  [4000, enc('../data.txt')],
  [4016, enc('/etc')],
  [4032, enc('missing.txt')],
  [4060, enc('sub/./../sub/x.txt')], // crosses a leaf
  [4096, enc('sub')],
  [4104, enc('x.txt')],
  [4112, [0x61, 0xc3, 0x28]], // not UTF-8
  [4120, enc('nodir/new.txt')],
  [4140, enc('ü-new.txt')],
  [4160, enc('a-name-that-is-longer-than-one-leaf.txt')],
  [2000, enc('data.txt')],
  [2032, enc('o.txt')],
];
const at = (i: number) => [PATHS[i]![0], PATHS[i]![1].length] as const;
let opened = 0;
/** path_open(dirFd, path i, oflags, rights, fdflags), its fd stored at 900 + 4k. */
const open = (dirFd: number, i: number, oflags = 0, rights = 2n, out?: number) =>
  call('path_open', dirFd, 0, ...at(i), oflags, rights, 0n, 0, out ?? 900 + 4 * opened++);
const ALL = 0x1fffffffn;

/** The path_open cases and their expected errnos, in order. */
const PATH_OPEN_CASES: [number[], number][] = [
  [open(3, 0), 76], // ../ past the preopen: NOTCAPABLE
  [open(3, 1), 76], // absolute: NOTCAPABLE
  [open(3, 2), 44], // NOENT
  [open(3, 3), 0], // fd 5: sub/x.txt through . and ..
  [open(3, 4, 2, ALL), 0], // fd 6: the directory sub (not a preopen)
  [open(6, 5), 0], // fd 7: x.txt from sub
  [open(6, 0), 0], // fd 8: ../data.txt from sub
  [open(3, 6), 25], // ILSEQ
  [open(4, 7, 1, 0x40n), 44], // create under a missing directory: NOENT
  [open(4, 8, 5, 0x40n), 0], // fd 9: created, exclusive
  [open(4, 8, 5, 0x40n), 20], // EXIST
  [open(3, 10, 2), 54], // a file with O_DIRECTORY: NOTDIR
  [open(3, 4, 8, ALL), 31], // a directory with O_TRUNC: ISDIR
  [open(4, 9, 9, 0x42n), 0], // fd 10: a long name, created and truncated
  [open(4, 11, 8, 0x42n), 0], // fd 11: o.txt truncated
  [call('path_open', 3, 0, 5000, 1025, 0, 2n, 0n, 0, 900), 37], // NAMETOOLONG
  [call('path_open', 3, 0, 65_530, 100, 0, 2n, 0n, 0, 900), 21], // FAULT
  [call('path_open', 99, 0, ...at(10), 0, 2n, 0n, 0, 900), 8], // BADF
  [call('path_open', 1, 0, ...at(10), 0, 2n, 0n, 0, 900), 54], // stdio: NOTDIR
  [open(3, 4, 2, 0n), 0], // fd 12: sub without rights
  [open(12, 5), 76], // NOTCAPABLE
  [open(3, 10, 0, 2n, 65_534), 21], // FAULT storing the fd: fd 13 is taken all the same
  [call('fd_close', 13), 0],
  [call('fd_close', 6), 0],
  [open(3, 10), 0], // fd 6 again: the lowest free
];

/** random_get and the clock: errnos in order (the random bytes at 5000, clock values at 5200, 5244, 5260). */
const OTHER_CASES: [number[], number][] = [
  [call('random_get', 5000, 70), 0], // across leaves of memory and of the keystream
  [call('random_get', 5070, 0), 0],
  [call('random_get', 65_530, 100), 21], // FAULT before any byte
  [call('clock_time_get', 0, 0n, 5200), 0],
  [call('clock_time_get', 1, 0n, 5244), 0], // 1 ms later, across two leaves
  [call('clock_time_get', 9, 0n, 5200), 28], // INVAL
  [call('clock_time_get', 0, 0n, 65_534), 21], // FAULT, the clock read all the same
  [call('clock_res_get', 0, 5260), 0],
  [call('clock_res_get', 4, 5260), 28],
];

/** The probe: FIRST (the other calls, then every fd closed), the path_open cases, random and clock, proc_exit(3). */
export const PROBE = buildModule({
  imports: WASI.map(([name, params]) => ({ name, params, results: name === 'proc_exit' ? [] : [T.i32] })),
  memory: { min: 1 },
  data: [
    { offset: 2048, bytes: enc('a write of sixty bytes that crosses two 32-byte leaves: done') },
    ...PATHS.map(([offset, bytes]) => ({ offset, bytes })),
  ],
  funcs: [{ body: [...FIRST, ...[...PATH_OPEN_CASES, ...OTHER_CASES].flatMap(([code]) => code), ...i32c(3), 0x10, fn('proc_exit')] }],
});

/** Errnos of the calls before the path_open cases, then of the cases; the fds path_open stored. */
export const EXPECTED = {
  first: [0, 0, 0, 0, 21, 21, 0, 0, 28, 8, 21, 0, 42, 0, 0, 0, 0, 31, 8, 76, 0, 8, 0, 0, 0, 0, 0, 21, 21, 70, 0],
  pathOpen: PATH_OPEN_CASES.map(([, errno]) => errno),
  other: OTHER_CASES.map(([, errno]) => errno),
  fds: [0, 0, 0, 5, 6, 7, 8, 0, 0, 9, 0, 0, 0, 10, 11, 12, 0, 6],
  calls: slot,
};

export const PROBE_REQUEST = {
  module: PROBE,
  args: ['--n', 'ünï-and-a-longer-argument'],
  env: { A: '1', LONG: 'x'.repeat(40) },
  seed: 'probe',
  files: { 'data.txt': new TextEncoder().encode('0123456789abcdef'), 'sub/x.txt': new TextEncoder().encode('x') },
  limits: { memoryMb: 16, maxOutputBytes: 4096 },
};
