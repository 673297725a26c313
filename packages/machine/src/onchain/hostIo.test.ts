// Host calls (WASI) on chain (decisions 019, 023): every micro-step of a probe module calling each provable host call
// on edge cases (chunks crossing leaves, zero-length iovecs, end of file, errnos, faults, the output cap, path_open's
// every answer: testing/hostProbe.ts), and the host
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
import { EXPECTED, PROBE_REQUEST, WASI } from '../testing/hostProbe.ts';
import { BOUND_PATH, pathOpenBoundSession } from '../testing/pathOpenBound.ts';
import { buildModule, i32c, T } from '../testing/wasmBuilder.ts';
import { RandomStream } from '../wasi/randomStream.ts';

type Prover = Awaited<ReturnType<typeof deployProver>>;

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

  test('a probe of every host call and its edge cases (path_open on each of its answers): every step proven, roots equal', async () => {
    const session = startSession(PROBE_REQUEST);
    const commitment = new Commitment(session);
    let hostSteps = 0;
    while (session.machine.status === 'running') {
      const name = hostName(commitment);
      await proveNext(prover, commitment, name ?? 'other', name !== undefined);
      if (name) hostSteps++;
    }
    assert.equal(session.machine.status, 'exited');
    assert.equal(session.machine.exitCode, 3);
    const words = (from: number, n: number) => Array.from(new Int32Array(session.machine.memory.slice(from, from + 4 * n).buffer));
    const errnos = words(3000, EXPECTED.calls);
    assert.deepEqual(errnos.slice(0, EXPECTED.first.length), EXPECTED.first);
    const afterOpen = EXPECTED.first.length + EXPECTED.pathOpen.length;
    assert.deepEqual(errnos.slice(EXPECTED.first.length, afterOpen), EXPECTED.pathOpen);
    assert.deepEqual(errnos.slice(afterOpen), EXPECTED.other);
    assert.deepEqual(session.machine.memory.slice(5000, 5070), new RandomStream(PROBE_REQUEST.seed).next(70), 'random_get');
    const u64 = (at: number) => new DataView(session.machine.memory.buffer).getBigUint64(at, true);
    assert.deepEqual([u64(5200), u64(5244), u64(5260), session.wasi.clock.now], [0n, 1_000_000n, 1_000_000n, 3_000_000n]);
    assert.deepEqual(words(900, EXPECTED.fds.length), EXPECTED.fds);
    const out = new TextEncoder().encode('a write of sixty bytes that crosses two 32-byte leaves: donewrite');
    const outputs = session.wasi.fs.outputs();
    assert.deepEqual(Object.keys(outputs), ['a-name-that-is-longer-than-one-leaf.txt', 'o.txt', 'ü-new.txt']);
    assert.deepEqual(outputs['o.txt'], new Uint8Array(0), 'o.txt truncated by the second open');
    assert.deepEqual(session.wasi.stdout(), out);
    assert.ok(hostSteps > 150, `${hostSteps} host micro-steps`);
  });

  test('the output cap: the micro-step that passes it traps, on chain too', async () => {
    const session = startSession({ ...PROBE_REQUEST, limits: { memoryMb: 16, maxOutputBytes: 70 } });
    const commitment = new Commitment(session);
    session.machine.pauseAtHost = true;
    while (session.machine.status === 'running') {
      if (!hostName(commitment)) run(session.machine, 1e6);
      else await proveNext(prover, commitment, hostName(commitment)!, false);
    }
    assert.equal(session.machine.status, 'trapped');
    assert.match(session.machine.trap, /output limit 70/);
  });

  test('random_get past the committed 1 MiB of keystream: the step traps, on chain too', async () => {
    const get = (at: number, length: number) => [...i32c(at), ...i32c(length), 0x10, WASI.findIndex(([n]) => n === 'random_get'), 0x1a];
    const module = buildModule({
      imports: WASI.map(([name, params]) => ({ name, params, results: name === 'proc_exit' ? [] : [T.i32] })),
      memory: { min: 1 },
      funcs: [{ body: [...Array.from({ length: 16 }, () => get(0, 65_536)).flat(), ...get(0, 1)] }],
    });
    const counting = startSession({ ...PROBE_REQUEST, module });
    run(counting.machine, 1e7);
    assert.equal(counting.machine.status, 'trapped');
    assert.match(counting.machine.trap, /random stream exhausted/);
    const session = startSession({ ...PROBE_REQUEST, module });
    const commitment = new Commitment(session);
    run(session.machine, counting.machine.steps - 1);
    assert.equal(session.wasi.random.position, 1 << 20);
    await proveNext(prover, commitment, 'random_get', false);
    assert.equal(session.machine.status, 'trapped');
  });

  test('call_indirect of host functions (fd_write across leaves, args_sizes_get, proc_exit): every micro-step proven', async () => {
    const index = (name: string) => WASI.findIndex(([n]) => n === name);
    const text = 'call_indirect of fd_write: forty bytes.';
    const viaTable = (slot: number, type: number, args: number[]) => [...args.flatMap(i32c), ...i32c(slot), 0x11, type, 0x00];
    const imports = WASI.map(([name, params]) => ({ name, params, results: name === 'proc_exit' ? [] : [T.i32] }));
    const table = [index('fd_write'), index('args_sizes_get'), index('proc_exit')];
    const module = buildModule({
      imports,
      memory: { min: 1 },
      table,
      data: [
        { offset: 100, bytes: [200, 0, 0, 0, text.length, 0, 0, 0] },
        { offset: 200, bytes: [...new TextEncoder().encode(text)] },
      ],
      funcs: [
        {
          body: [
            ...[...viaTable(0, index('fd_write'), [1, 100, 1, 300]), 0x1a],
            ...[...viaTable(1, index('args_sizes_get'), [400, 404]), 0x1a],
            ...viaTable(2, index('proc_exit'), [7]),
          ],
        },
      ],
    });
    const session = startSession({ ...PROBE_REQUEST, module });
    const commitment = new Commitment(session);
    while (session.machine.status === 'running') await proveNext(prover, commitment, 'call_indirect', false);
    assert.equal(session.machine.exitCode, 7);
    assert.equal(new TextDecoder().decode(session.wasi.stdout()), text);
    const u32 = (at: number) => new DataView(session.machine.memory.buffer).getUint32(at, true);
    assert.deepEqual([u32(300), u32(400)], [text.length, 3], 'bytes written, argc');
    const mismatch = buildModule({ imports, memory: { min: 1 }, table, funcs: [{ body: viaTable(0, index('proc_exit'), [7]) }] });
    const trapping = startSession({ ...PROBE_REQUEST, module: mismatch });
    const trapped = new Commitment(trapping);
    while (trapping.machine.status === 'running') await proveNext(prover, trapped, 'call_indirect', false);
    assert.match(trapping.machine.trap, /signature mismatch/);
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

  test('path_open at its bounds: a 512-byte path from a directory with a 488-byte name, every step proven', async () => {
    assert.equal(BOUND_PATH.length, 512);
    const session = pathOpenBoundSession();
    const commitment = new Commitment(session);
    let worst = { gas: 0, calldata: 0 };
    while (session.machine.status === 'running') {
      const root = commitment.root();
      const proof = await proveNext(prover, commitment, 'other', false);
      const gas = await prover.gas(root, proof);
      const calldata = prover.calldata(root, proof);
      worst = { gas: Math.max(Number(gas), worst.gas), calldata: Math.max(calldata, worst.calldata) };
    }
    assert.deepEqual(Array.from(new Int32Array(session.machine.memory.slice(4000, 4008).buffer)), [5, 6]);
    console.log(`path_open with a 512-byte path from a 488-byte directory: worst step ${worst.gas} gas, ${worst.calldata} B calldata`);
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
          if (micro < 12 || last || call === 'path_open') await proveNext(prover, commitment, call);
          else run(m, 1);
        }
      }
      assert.equal(m.status, 'exited');
      assert.ok(calls >= 4, `${calls} host calls`);
    });
  }

  test('coverage: every host call the six apps make was proven on chain; gas per call', () => {
    const used = new Set<string>();
    for (const name of Object.keys(apps) as (keyof typeof apps)[]) {
      for (const imp of compileModule(new Uint8Array(readFileSync(apps[name].wasmPath))).module.imports) used.add(imp.name);
    }
    const missing = [...used].filter((n) => !provenCalls.has(n));
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
