// Host calls (WASI) on chain (decision 019): every micro-step of a probe module calling each provable host call on
// edge cases (chunks crossing leaves, zero-length iovecs, end of file, errnos, faults, the output cap), and the host
// calls of every example app's default task, proven by OneStepProver + MachineHostIo and equal to the interpreter's
// post-state roots; tampered proofs revert. Ends with the coverage report: every host call the six apps make.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { apps } from '../../../../examples/index.ts';
import { compileModule } from '../compile/compileModule.ts';
import { Op } from '../compile/opcodes.ts';
import { run } from '../exec/execute.ts';
import type { MachineRequest } from '../run/runModule.ts';
import { startSession } from '../run/runModule.ts';
import { toHex } from '../state/merkle.ts';
import { Commitment } from '../state/stateHash.ts';
import { proveStep, type StepProof } from '../state/stepProof.ts';
import { deployProver } from '../testing/onchainProver.ts';
import { buildModule, i32c, i64c, T, type ValType } from '../testing/wasmBuilder.ts';

type Prover = Awaited<ReturnType<typeof deployProver>>;
const I = T.i32;
const WASI: [string, ValType[]][] = [
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
];
const fn = (name: string) => WASI.findIndex(([n]) => n === name);
let slot = 0;
const call = (name: string, ...args: (number | bigint)[]) => {
  const params = WASI[fn(name)]![1];
  const push = args.flatMap((a, i) => (params[i] === T.i64 ? i64c(BigInt(a)) : i32c(Number(a))));
  return [...i32c(3000 + 4 * slot++), ...push, 0x10, fn(name), 0x36, 0x00, 0x00];
};
const iov = (at: number, ptr: number, length: number) => [
  ...i32c(at),
  ...i32c(ptr),
  0x36,
  0x02,
  0x00,
  ...i32c(at + 4),
  ...i32c(length),
  0x36,
  0x02,
  0x00,
];
const enc = (s: string) => [...new TextEncoder().encode(s)];

/** Each provable host call on its edge cases; path_open (not provable yet) only opens the files. */
const PROBE = buildModule({
  imports: WASI.map(([name, params]) => ({ name, params, results: name === 'proc_exit' ? [] : [T.i32] })),
  memory: { min: 1 },
  data: [
    { offset: 2000, bytes: enc('data.txt') },
    { offset: 2032, bytes: enc('o.txt') },
    { offset: 2048, bytes: enc('a write of sixty bytes that crosses two 32-byte leaves: done') },
  ],
  funcs: [
    {
      body: [
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
        ...i32c(3),
        0x10,
        fn('proc_exit'),
      ],
    },
  ],
});
const PROBE_REQUEST = {
  module: PROBE,
  args: ['--n', 'ünï-and-a-longer-argument'],
  env: { A: '1', LONG: 'x'.repeat(40) },
  seed: 'probe',
  files: { 'data.txt': new TextEncoder().encode('0123456789abcdef') },
  limits: { memoryMb: 16, maxOutputBytes: 4096 },
};

const provenCalls = new Map<string, bigint[]>();
const sizes = new Map<string, number>();

/** Proves the next step on chain and checks the post-state root; records gas and calldata by host call. */
async function proveNext(prover: Prover, commitment: Commitment, name: string, measure = true): Promise<StepProof> {
  const root = commitment.root();
  const proof = proveStep(commitment);
  const onChain = await prover.step(root, proof);
  run(commitment.session.machine, 1);
  assert.equal(onChain, toHex(commitment.root()), `${name} micro-step ${commitment.session.machine.steps}`);
  if (measure) {
    provenCalls.set(name, [...(provenCalls.get(name) ?? []), await prover.gas(root, proof)]);
    sizes.set(name, Math.max(sizes.get(name) ?? 0, prover.calldata(root, proof)));
  }
  return proof;
}

const hostName = (commitment: Commitment) => {
  const m = commitment.session.machine;
  const [op, a] = [m.code[4 * m.pc], m.code[4 * m.pc + 1]!];
  return op === Op.CALL_HOST ? m.program.module.imports[a]!.name : undefined;
};

describe('host calls on chain: I/O micro-steps', () => {
  let prover: Prover;
  before(async () => {
    prover = await deployProver();
  });
  after(() => prover?.stop());

  test('a probe of every provable host call and its edge cases: every step proven, roots equal', async () => {
    const session = startSession(PROBE_REQUEST);
    const commitment = new Commitment(session);
    let hostSteps = 0;
    while (session.machine.status === 'running') {
      const name = hostName(commitment);
      if (name === 'path_open') {
        const proof = proveStep(commitment);
        assert.match(proof.unprovable ?? '', /path_open/);
        await assert.rejects(prover.step(commitment.root(), proof), /UnsupportedHostCall/);
        run(session.machine, 1);
        continue;
      }
      await proveNext(prover, commitment, name ?? 'other', name !== undefined);
      if (name) hostSteps++;
    }
    assert.equal(session.machine.status, 'exited');
    assert.equal(session.machine.exitCode, 3);
    const errnos = Array.from(new Int32Array(session.machine.memory.slice(3000, 3000 + 4 * slot).buffer));
    assert.deepEqual(errnos.slice(0, 13), [0, 0, 0, 0, 21, 21, 0, 0, 28, 8, 21, 0, 42]);
    assert.deepEqual(errnos.slice(13, 25), [0, 0, 0, 0, 31, 8, 76, 0, 8, 0, 0, 0]);
    assert.deepEqual(errnos.slice(25), [0, 0, 21, 21, 70, 0]);
    const out = new TextEncoder().encode('a write of sixty bytes that crosses two 32-byte leaves: donewrite');
    assert.deepEqual(session.wasi.fs.outputs()['o.txt'], out);
    assert.deepEqual(session.wasi.stdout(), out);
    assert.ok(hostSteps > 40, `${hostSteps} host micro-steps`);
  });

  test('the output cap: the micro-step that passes it traps, on chain too', async () => {
    const session = startSession({ ...PROBE_REQUEST, limits: { memoryMb: 16, maxOutputBytes: 70 } });
    const commitment = new Commitment(session);
    session.machine.pauseAtHost = true;
    while (session.machine.status === 'running') {
      if (!hostName(commitment) || hostName(commitment) === 'path_open') run(session.machine, hostName(commitment) ? 1 : 1e6);
      else await proveNext(prover, commitment, hostName(commitment)!, false);
    }
    assert.equal(session.machine.status, 'trapped');
    assert.match(session.machine.trap, /output limit 70/);
  });

  test('bad host proofs revert: I/O fields, a file chunk, a memory leaf missing or extra, a wrong fd', async () => {
    const session = startSession(PROBE_REQUEST);
    const commitment = new Commitment(session);
    session.machine.pauseAtHost = true;
    let checked = 0;
    while (session.machine.status === 'running' && checked < 4) {
      const name = hostName(commitment);
      if (name !== 'fd_write' && name !== 'fd_read') {
        run(session.machine, name ? 1 : 1e6);
        continue;
      }
      const root = commitment.root();
      const proof = proveStep(commitment);
      if (proof.host?.file && proof.host.data && proof.memory.length === 1) {
        const io = structuredClone(proof);
        io.host!.io.written += 1;
        await assert.rejects(prover.step(root, io), /BadProof/);
        const chunk = structuredClone(proof);
        chunk.host!.data!.leaf[0]! ^= 1;
        await assert.rejects(prover.step(root, chunk), /BadProof/);
        const missing = structuredClone(proof);
        missing.memory.pop();
        await assert.rejects(prover.step(root, missing), /BadProof/);
        const extra = structuredClone(proof);
        extra.memory.push(extra.memory[0]!);
        await assert.rejects(prover.step(root, extra), /BadProof/);
        const fd = structuredClone(proof);
        fd.host!.fd!.index += 1;
        await assert.rejects(prover.step(root, fd), /BadProof/);
        checked++;
      }
      run(session.machine, 1);
    }
    assert.equal(checked, 4);
  });

  for (const name of Object.keys(apps) as (keyof typeof apps)[]) {
    test(`${name}: the host calls of the default task, first micro-steps and last of each, proven on chain`, async () => {
      const spec = apps[name];
      const task = spec.buildTasks()[0]!;
      const request: MachineRequest = {
        module: compileModule(new Uint8Array(readFileSync(spec.wasmPath))),
        args: task.args,
        files: task.files,
        seed: `${name}:0`,
        limits: spec.limits,
      };
      const session = startSession(request);
      const commitment = new Commitment(session);
      const m = session.machine;
      m.pauseAtHost = true;
      let calls = 0;
      while (m.status === 'running') {
        run(m, 1 << 30);
        const call = hostName(commitment);
        if (!call || m.status !== 'running') continue;
        calls++;
        const pc = m.pc;
        for (let micro = 0; m.status === 'running' && m.pc === pc; micro++) {
          const last = storesCount(commitment);
          if (call === 'path_open') {
            assert.match(proveStep(commitment).unprovable ?? '', /path_open/);
            run(m, 1);
          } else if (micro < 12 || last) await proveNext(prover, commitment, call);
          else run(m, 1);
        }
      }
      assert.equal(m.status, 'exited');
      assert.ok(calls >= 4, `${calls} host calls`);
    });
  }

  test('coverage: every host call the six apps make, path_open aside, was proven on chain; gas per call', () => {
    const used = new Set<string>();
    for (const name of Object.keys(apps) as (keyof typeof apps)[]) {
      for (const imp of compileModule(new Uint8Array(readFileSync(apps[name].wasmPath))).module.imports) used.add(imp.name);
    }
    const missing = [...used].filter((n) => n !== 'path_open' && !provenCalls.has(n));
    assert.deepEqual(missing, [], `host calls not proven on chain: ${missing.join(', ')}`);
    const median = (xs: bigint[]) => [...xs].sort((a, b) => (a < b ? -1 : 1))[Math.floor(xs.length / 2)]!;
    const rows = [...provenCalls].map(
      ([n, gas]) =>
        `${n.padEnd(20)} ${String(gas.length).padStart(5)} steps  median ${median(gas)}  worst ${[...gas].sort((a, b) => (a < b ? -1 : 1)).at(-1)} gas  calldata <= ${sizes.get(n)} B`,
    );
    console.log(
      `host-call micro-steps on chain (entry ${prover.sizes.entry} B, MachineHostIo ${prover.sizes.hostIo} B of bytecode):\n${rows.join('\n')}`,
    );
  });
});

/** Whether the next micro-step of an fd_write/fd_read is its last (it stores the count): every iovec done. */
function storesCount(commitment: Commitment): boolean {
  const m = commitment.session.machine;
  const f = m.program.funcs[m.code[4 * m.pc + 1]!]!;
  const base = m.sp - f.numParams;
  const hi = (k: number) => m.s32[2 * (base + k) + 1]! >>> 0;
  return f.numParams === 4 && hi(1) >= 2 * (m.s32[2 * (base + 2)]! >>> 0) + 1;
}
