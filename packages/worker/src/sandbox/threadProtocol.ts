/** @internal What the pool sends to a sandbox thread (see sandboxThread.js). */
export type RunMessage = {
  id: number;
  module: WebAssembly.Module;
  args: string[];
  env: Record<string, string>;
  seed: string;
  /** Input files under /in, by relative path (copied into the thread: the sandbox keeps no file on disk). */
  files: Record<string, Uint8Array>;
  maxOutputBytes: number;
  maxPages: number;
};

/** @internal A sandbox error as it crosses the thread boundary: by name, with its facts. */
export type ThreadError = {
  name: string;
  message: string;
  details: Record<string, unknown>;
  /** What the app wrote before it trapped (a trap only). */
  output?: AppOutput;
};

/** @internal The app's own stdout and stderr. */
export type AppOutput = { stdout: Uint8Array; stderr: Uint8Array };

/** @internal What a sandbox thread answers. */
export type ThreadReply =
  | {
      id: number;
      ok: true;
      exitCode: number;
      stdout: Uint8Array;
      stderr: Uint8Array;
      /** Every file the app left under /out, by relative path, in UTF-8 byte order of the names. */
      files: Record<string, Uint8Array>;
      memoryBytes: number;
      wallMs: number;
      /** Epoch time (ms, sub-ms precision) at which instantiation began. */
      startedAt: number;
    }
  | { id: number; ok: false; error: ThreadError };

/** @internal What a sandbox thread posts once, when its code is loaded and it listens for tasks. */
export type ThreadReady = { ready: true };
