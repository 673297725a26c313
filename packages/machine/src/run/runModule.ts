import { compileModule, type Program } from '../compile/compileModule.ts';
import { TrapError } from '../errors.ts';
import { run } from '../exec/execute.ts';
import { Machine, PAGE_BYTES } from '../exec/machine.ts';
import { createWasi, type Wasi } from '../wasi/wasi.ts';

/** One run, in the sandbox's terms (packages/worker/src/sandbox/types.ts SandboxRequest). */
export type MachineRequest = {
  /** Module bytes, or a program already compiled with compileModule. */
  module: Uint8Array | Program;
  /** Arguments after the program name; the app sees argv = ['app', ...args]. */
  args?: string[];
  env?: Record<string, string>;
  files?: Record<string, Uint8Array>;
  seed: string;
  limits: { memoryMb: number; maxOutputBytes: number };
};

export type MachineResult = {
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  files: Record<string, Uint8Array>;
  /** Steps executed, i.e. the length of the trace a dispute would bisect. */
  steps: number;
};

/** A machine linked to its WASI state, ready to step. */
export type Session = { machine: Machine; wasi: Wasi };

/** Builds the initial state of a run (step 0). */
export function startSession(request: MachineRequest): Session {
  const program = request.module instanceof Uint8Array ? compileModule(request.module) : request.module;
  const wasi = createWasi({
    args: ['app', ...(request.args ?? [])],
    env: request.env,
    files: request.files,
    seed: request.seed,
    maxOutputBytes: request.limits.maxOutputBytes,
  });
  const maxPages = Math.floor((request.limits.memoryMb * 1024 * 1024) / PAGE_BYTES);
  const machine = new Machine(program, wasi.link(program.module.imports), maxPages);
  return { machine, wasi };
}

/**
 * Runs a module to its end on the machine and returns what the sandbox would: exit code, stdout,
 * stderr, the files under /out. Throws TrapError when the program traps. `maxSteps` bounds the run.
 * @example
 * const result = runModule({ module: wasm, args: ['--paths', '1000'], seed: 'montecarlo:0', limits: { memoryMb: 16, maxOutputBytes: 4096 } })
 */
export function runModule(request: MachineRequest, maxSteps = Number.MAX_SAFE_INTEGER): MachineResult {
  const { machine, wasi } = startSession(request);
  while (machine.status === 'running' && machine.steps < maxSteps) run(machine, Math.min(1 << 24, maxSteps - machine.steps));
  if (machine.status === 'trapped') throw new TrapError(machine.trap, machine.pc);
  return { exitCode: machine.exitCode, stdout: wasi.stdout(), stderr: wasi.stderr(), files: wasi.fs.outputs(), steps: machine.steps };
}
