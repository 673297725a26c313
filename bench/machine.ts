// The provable machine (issue 15): interpreter speed on each example app's default task (the steps a dispute
// over it would bisect), the cost of a state checkpoint after 10^6 and 10^8 steps, and step-proof sizes.
//   node --import tsx bench/machine.ts
import { readFileSync } from 'node:fs';
import { apps } from '../examples/index.ts';
import { instructionClass } from '../packages/machine/src/compile/opcodes.ts';
import { compileModule } from '../packages/machine/src/compile/compileModule.ts';
import { run } from '../packages/machine/src/exec/execute.ts';
import { startSession } from '../packages/machine/src/run/runModule.ts';
import { Commitment } from '../packages/machine/src/state/stateHash.ts';
import { decodeInstruction } from '../packages/machine/src/state/stepShape.ts';
import { proofSize, proveStep } from '../packages/machine/src/state/stepProof.ts';
import { machineLine } from './lib/machine.ts';
import { writeSection } from './lib/summary.ts';

const CHUNK = 1 << 22;
const sessionOf = (name: keyof typeof apps) => {
  const spec = apps[name];
  const task = spec.buildTasks()[0]!;
  const program = compileModule(new Uint8Array(readFileSync(spec.wasmPath)));
  return startSession({ module: program, args: task.args, files: task.files, seed: `${name}:0`, limits: spec.limits });
};
const ms = (from: number) => performance.now() - from;
const fmt = (n: number) => n.toLocaleString('en-US');

// 1. Speed without hashing: each app's default task 0, start to exit (dirty-leaf marking is always on).
const rows: string[] = [];
let totalSteps = 0;
let totalMs = 0;
for (const name of Object.keys(apps) as (keyof typeof apps)[]) {
  const { machine } = sessionOf(name);
  const t = performance.now();
  while (machine.status === 'running') run(machine, CHUNK);
  const took = ms(t);
  if (machine.status !== 'exited' || machine.exitCode !== 0) throw new Error(`${name} ended ${machine.status} ${machine.trap}`);
  totalSteps += machine.steps;
  totalMs += took;
  rows.push(`| ${name} | ${fmt(machine.steps)} | ${(took / 1000).toFixed(2)} | ${(machine.steps / took / 1000).toFixed(1)} | ${machine.pages * 64} |`);
  console.log(rows.at(-1));
}
const speed = totalSteps / totalMs / 1000;

// 2. Checkpoints on the longest task (the renderer's tile): the first commitment, then incremental roots.
const session = sessionOf('renderer');
const m = session.machine;
let t = performance.now();
const commitment = new Commitment(session);
commitment.root();
const initialMs = ms(t);
const incremental: number[] = [];
let runMs = 0;
for (let i = 0; i < 10; i++) {
  t = performance.now();
  run(m, 1_000_000);
  runMs += ms(t);
  t = performance.now();
  commitment.root();
  incremental.push(ms(t));
}
const leaves6 = commitment.memory.lastUpdated;
t = performance.now();
while (m.status === 'running' && m.steps < 100_000_000) run(m, Math.min(CHUNK, 100_000_000 - m.steps));
const steps8 = m.steps;
t = performance.now();
commitment.root();
const after8Ms = ms(t);
const leaves8 = commitment.memory.lastUpdated;
incremental.sort((a, b) => a - b);
const checkpoint6 = incremental[5]!;
const amortized = 10_000_000 / (runMs + incremental.reduce((a, b) => a + b, 0)) / 1000;

// 3. Step proofs: size by instruction class, 400 steps spread evenly over a montecarlo task.
const sample = sessionOf('montecarlo');
const sampleCommitment = new Commitment(sample);
const sizes = new Map<string, number[]>();
for (let i = 0; i < 400 && sample.machine.status === 'running'; i++) {
  const proof = proveStep(sampleCommitment);
  const cls = instructionClass(decodeInstruction(proof.instruction.leaf)[0]);
  if (!proof.unprovable) sizes.set(cls, [...(sizes.get(cls) ?? []), proofSize(proof)]);
  run(sample.machine, 250_000 + (i % 7));
}
const sizeRows = [...sizes].sort(([a], [b]) => a.localeCompare(b)).map(([cls, xs]) => {
  xs.sort((a, b) => a - b);
  return `| ${cls} | ${xs.length} | ${fmt(xs[Math.floor(xs.length / 2)]!)} | ${fmt(xs.at(-1)!)} |`;
});
const worstSize = Math.max(...[...sizes.values()].flat());

const md = [
  '## Provable machine (issue 15)',
  '',
  `Machine: ${machineLine()}. The reference interpreter (packages/machine) on one core: one step is one instruction of`,
  'its flat instruction set (structured control flow compiled to jumps). Each app runs its default task 0 from start to',
  'exit; the steps are what a dispute over that task would bisect. Stores mark dirty 32-byte leaves as they run.',
  '',
  '| app (default task 0) | steps | seconds | M steps/s | memory KiB |',
  '|---|---:|---:|---:|---:|',
  ...rows,
  `| all six | ${fmt(totalSteps)} | ${(totalMs / 1000).toFixed(2)} | ${speed.toFixed(1)} | |`,
  '',
  'Anchor: Tezos\' WASM rollup interpreter, ~6 M steps/s in its proving mode. Target: >= 10 M steps/s without hashing.',
  '',
  'State checkpoints (the renderer tile): the first commitment hashes all memory, the code, function and table trees;',
  'later ones rehash only the leaves written since the one before, plus the stacks, globals and I/O state.',
  '',
  '| checkpoint | ms | leaves rehashed |',
  '|---|---:|---:|',
  `| initial commitment (step 0) | ${initialMs.toFixed(1)} | all |`,
  `| after 10^6 more steps (median of 10) | ${checkpoint6.toFixed(2)} | ${fmt(leaves6)} (last one) |`,
  `| after ${fmt(steps8 - 10_000_000)} more steps (to step ${fmt(steps8)}) | ${after8Ms.toFixed(2)} | ${fmt(leaves8)} |`,
  '',
  `With a checkpoint every 10^6 steps the interpreter keeps ${amortized.toFixed(1)} M steps/s (first 10^7 steps of the tile).`,
  '',
  'Step proofs (what proveStep emits: the state and program pre-images, the instruction, operands, touched leaves and',
  'their Merkle paths), at 400 steps spread over a montecarlo task; host calls and bulk memory are not yet split into micro-steps',
  'and are left out. No on-chain prover yet, so no gas figure (issue 15, next part). Target: <= 8 KB of calldata.',
  '',
  '| instruction class | proofs | median bytes | worst bytes |',
  '|---|---:|---:|---:|',
  ...sizeRows,
  '',
].join('\n');
writeSection('machine', md, [
  { target: 'interpreter >= 10 M steps/s on one core without hashing (issue 15)', figure: `${speed.toFixed(1)} M steps/s over the six default tasks`, met: speed >= 10 },
  { target: 'one-step proof <= 8 KB of calldata (issue 15)', figure: `${fmt(worstSize)} bytes worst (sampled, host calls aside)`, met: worstSize <= 8192, note: 'no contract yet: gas not measured' },
]);
console.log(md);
