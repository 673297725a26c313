/** Resource limits of one run. All are required: the task category decides them. */
export type SandboxLimits = {
  /** Cap on the module's linear memory, in MiB (rounded down to 64 KiB wasm pages). */
  memoryMb: number;
  /** Wall-clock budget of the run; the thread is terminated when it expires. */
  timeoutMs: number;
  /** Cap on stdout + stderr + all files written under /out, in bytes. */
  maxOutputBytes: number;
};

/** One execution request. */
export type SandboxRequest = {
  /** The WASI preview1 module's bytes (its memory maximum is rewritten to the limit). */
  module: Uint8Array;
  /** Arguments after the program name; the app sees `argv = ['app', ...args]`. */
  args?: string[];
  /** The app's whole environment (nothing of the host's is passed). */
  env?: Record<string, string>;
  /** Input files, by relative path, placed under `/in` (read-only by convention). */
  files?: Record<string, Uint8Array>;
  /** Seeds the app's `random_get`; workers of one task must use the same seed. */
  seed: string;
  limits: SandboxLimits;
};

/** Resource usage of a run. Not deterministic: never part of the result digest. */
export type SandboxUsage = {
  /** Wall time from instantiation to exit, in the sandbox thread. */
  wallMs: number;
  /** Time from `run()` to instantiation, not counting the wait for a free thread (warm start cost). */
  startupMs: number;
  /** Size of linear memory at exit; wasm memory never shrinks, so this is the peak. */
  memoryPeakBytes: number;
};

/** What a run produced. `stdout` and `files` are what {@link computeResultDigest} covers. */
export type SandboxResult = {
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** Every regular file the app left under /out, by relative path ('a/b.txt'). */
  files: Record<string, Uint8Array>;
  usage: SandboxUsage;
};
