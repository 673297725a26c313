// Test and bench helper: path_open at its bounds (decision 023), the costliest host call a module can make:
// a 512-byte path (the longest the machine takes) opened from a directory whose name is 488 bytes, climbing back
// to the root and down again, so every micro-step kind (check, fold, resolve, parent, lookup, allocate) runs at
// its largest. Used by onchain/hostIo.test.ts (every step proven) and bench/machine.ts (the worst host step).
import { startSession } from '../run/runModule.ts';
import { PROBE_REQUEST, WASI } from './hostProbe.ts';
import { buildModule, i32c, i64c, T } from './wasmBuilder.ts';

export const BOUND_DIR = 'd'.repeat(488);
export const BOUND_PATH = `${'./'.repeat(7)}/../${BOUND_DIR}/f.txt`; // 512 bytes

/** A session that opens the directory (fd 5), then the 512-byte path from it (fd 6), and stores both fds at 4000. */
export function pathOpenBoundSession() {
  const open = (fd: number, at: number, length: number, oflags: number, out: number) => [
    ...[...i32c(fd), ...i32c(0), ...i32c(at), ...i32c(length), ...i32c(oflags), ...i64c(0x1fffffffn), ...i64c(0n)],
    ...[...i32c(0), ...i32c(out), 0x10, WASI.findIndex(([n]) => n === 'path_open'), 0x1a],
  ];
  const module = buildModule({
    imports: WASI.map(([name, params]) => ({ name, params, results: name === 'proc_exit' ? [] : [T.i32] })),
    memory: { min: 1 },
    data: [
      { offset: 3, bytes: [...new TextEncoder().encode(BOUND_PATH)] },
      { offset: 2048, bytes: [...new TextEncoder().encode(BOUND_DIR)] },
    ],
    funcs: [{ body: [...open(3, 2048, BOUND_DIR.length, 2, 4000), ...open(5, 3, BOUND_PATH.length, 0, 4004)] }],
  });
  return startSession({ ...PROBE_REQUEST, module, files: { [`${BOUND_DIR}/f.txt`]: new Uint8Array([1]) } });
}
