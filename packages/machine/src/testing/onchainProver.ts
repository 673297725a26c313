// Test helper: compiles contracts/src/machine with solc-js, deploys OneStepProver on a fresh anvil, and calls
// step() with proofs from proveStep (ABI-encoded by viem from the contract's own ABI).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  type Abi,
  type AbiFunction,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  http,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startAnvil } from '../../../devnet/src/startAnvil.ts';
import { instructionClass } from '../compile/opcodes.ts';
import { toHex } from '../state/merkle.ts';
import type { HostProof } from '../state/hostProof.ts';
import type { Path, StepProof } from '../state/stepProof.ts';
import { STEP_BATCH_SOURCE, stepMany } from './stepBatch.ts';

const SOURCES = new URL('../../../../contracts/src/machine/', import.meta.url);
/** Instruction classes OneStepProver.sol executes (others revert UnsupportedInstruction). */
const COVERED_CLASSES = new Set([
  'const',
  'local',
  'global',
  'drop/select',
  'i32 arithmetic',
  'i64 arithmetic',
  'branch',
  'br_table',
  'load',
  'store',
]);
for (const cls of ['call', 'call_indirect', 'return', 'memory.size/grow', 'bulk memory', 'host call']) COVERED_CLASSES.add(cls);
/** Integer conversions and reinterpretations (MachineMath64). */
const INTEGER_CONVERSIONS = new Set([0xa7, 0xac, 0xad, 0xbc, 0xbd, 0xbe, 0xbf]);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** Float instructions without rounding: comparisons, abs, neg, copysign, min, max; ceil, floor, trunc, nearest. */
export const FLOAT_BITS = [
  ...range(0x5b, 0x66),
  0x8b,
  0x8c,
  ...range(0x8d, 0x90),
  0x96,
  0x97,
  0x98,
  ...range(0x99, 0x9e),
  0xa4,
  0xa5,
  0xa6,
];
/** f32 sqrt, add, sub, mul, div (soft-float in Solidity, one rounding to binary32). */
export const F32_ARITHMETIC = [0x91, 0x92, 0x93, 0x94, 0x95];
/** f64 sqrt, add, sub, mul, div (soft-float in Solidity). */
export const F64_ARITHMETIC = [0x9f, 0xa0, 0xa1, 0xa2, 0xa3];
/** Every float conversion: trapping truncations, integer to f32/f64, demote, promote, saturating truncations. */
export const FLOAT_CONVERSIONS = [...range(0xa8, 0xab), ...range(0xae, 0xbb), ...range(0xe0, 0xe7)];
const OTHER_OPS = new Set([...INTEGER_CONVERSIONS, ...FLOAT_BITS, ...F32_ARITHMETIC, ...F64_ARITHMETIC, ...FLOAT_CONVERSIONS, 0x00]);

/** Whether the on-chain prover executes machine opcode `op`. */
export function proverCovers(op: number): boolean {
  return COVERED_CLASSES.has(instructionClass(op)) || OTHER_OPS.has(op);
}

/** anvil's first default account. */
const DEPLOYER = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');

/** The entry (OneStepProver, which creates its float unit MachineFloat) and the host-call sub-prover (MachineHostIo), compiled together. */
export function compileProver(): { abi: Abi; bytecode: Hex; hostAbi: Abi; hostBytecode: Hex; batchAbi: Abi; batchBytecode: Hex } {
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const sources = Object.fromEntries(readdirSync(SOURCES).map((f) => [f, { content: readFileSync(new URL(f, SOURCES), 'utf8') }]));
  sources['StepBatch.sol'] = { content: STEP_BATCH_SOURCE }; // test-only: many steps in one eth_call
  const settings = {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'prague',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings })));
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n'));
  const c = out.contracts['OneStepProver.sol'].OneStepProver;
  const h = out.contracts['MachineHostIo.sol'].MachineHostIo;
  const b = out.contracts['StepBatch.sol'].StepBatch;
  return {
    abi: c.abi,
    bytecode: `0x${c.evm.bytecode.object}`,
    hostAbi: h.abi,
    hostBytecode: `0x${h.evm.bytecode.object}`,
    batchAbi: b.abi,
    batchBytecode: `0x${b.evm.bytecode.object}`,
  };
}

const path = (p: Path | undefined) => ({
  index: p?.index ?? 0,
  leaf: toHex(p?.leaf ?? new Uint8Array(32)),
  siblings: (p?.siblings ?? []).map(toHex),
});

const strings = (s: HostProof['statics']['args']) => ({
  count: s.count,
  bytes_: s.bytes,
  root: toHex(s.root),
  depth: s.depth,
  offsetsRoot: toHex(s.offsetsRoot),
  offsetsDepth: s.offsetsDepth,
});

/** A host call's HostProof as MachineHostTypes.HostProof, ABI-encoded (the Proof's `host` bytes); `0x` for other steps. */
export function encodeHost(hostAbi: Abi, h: HostProof | undefined): Hex {
  if (!h) return '0x';
  const io = h.io;
  const fn = hostAbi.find((x) => x.type === 'function' && x.name === 'hostProofType') as AbiFunction;
  const file = h.file?.entry ?? { area: 0, size: 0, contentRoot: new Uint8Array(32), nameHash: new Uint8Array(32) };
  const value = {
    io: {
      staticHash: toHex(io.staticHash),
      fdRoot: toHex(io.fdRoot),
      fdBitmap: toHex(io.fdBitmap),
      filesRoot: toHex(io.filesRoot),
      pathHash: toHex(io.pathHash),
      stdoutHash: toHex(io.stdoutHash),
      stderrHash: toHex(io.stderrHash),
      randomPosition: BigInt(io.randomPosition),
      clock: io.clock,
      written: BigInt(io.written),
    },
    args: strings(h.statics.args),
    env: strings(h.statics.env),
    seedHash: toHex(h.statics.seedHash),
    maxOutput: BigInt(h.statics.maxOutput),
    fd: path(h.fd),
    file: { area: file.area, size: BigInt(file.size), contentRoot: toHex(file.contentRoot), nameHash: toHex(file.nameHash) },
    fileSlot: path(h.file?.path),
    data: path(h.data),
  };
  return encodeAbiParameters(fn.inputs, [value]);
}

/** A StepProof as the contract's Proof struct. */
export function encodeProof(p: StepProof, hostAbi: Abi) {
  const s = p.state;
  return {
    state: {
      status: s.status,
      exitCode: s.exitCode,
      steps: BigInt(s.steps),
      pc: s.pc,
      func: s.func,
      depth: s.depth,
      stackHeight: s.stackHeight,
      baseHeight: s.baseHeight,
      pages: s.pages,
      stackHash: toHex(s.stackHash),
      localsRoot: toHex(s.localsRoot),
      framesHash: toHex(s.framesHash),
      globalsRoot: toHex(s.globalsRoot),
      memoryRoot: toHex(s.memoryRoot),
      programHash: toHex(s.programHash),
      ioHash: toHex(s.ioHash),
    },
    program: {
      ...p.program,
      codeRoot: toHex(p.program.codeRoot),
      funcsRoot: toHex(p.program.funcsRoot),
      tableRoot: toHex(p.program.tableRoot),
    },
    instruction: path(p.instruction),
    entry: path(p.entry),
    func: path(p.func),
    operands: p.operands.map(toHex),
    stackRest: toHex(p.stackRest),
    local: path(p.local),
    global: path(p.global),
    memory_: p.memory.map(path),
    callee: path(p.callee),
    table: path(p.table),
    frame: p.frame
      ? { ...p.frame.record, localsRoot: toHex(p.frame.record.localsRoot), rest: toHex(p.frame.rest) }
      : { returnPc: 0, func: 0, localsRoot: toHex(new Uint8Array(32)), operandBase: 0, rest: toHex(new Uint8Array(32)) },
    host: encodeHost(hostAbi, p.host),
  };
}

/**
 * A deployed prover: MachineHostIo, then OneStepProver pointing at it; step() as an eth_call, and its gas as a
 * transaction would pay it. `sizes`: the three contracts' deployed bytecode (entry, MachineHostIo, MachineFloat), in bytes.
 */
export async function deployProver() {
  const { abi, bytecode, hostAbi, hostBytecode, batchAbi, batchBytecode } = compileProver();
  const anvil = await startAnvil({ accounts: 1 });
  const transport = http(anvil.rpcUrl);
  // calls issued together (a Promise.all of steps) go as one JSON-RPC batch
  const publicClient = createPublicClient({ transport: http(anvil.rpcUrl, { batch: { batchSize: 200 } }) });
  const wallet = createWalletClient({
    account: DEPLOYER,
    transport,
    chain: {
      id: 31337,
      name: 'anvil',
      nativeCurrency: { name: 'ETH', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl] } },
    },
  });
  const deploy = async (a: Abi, code: Hex, args: readonly unknown[]) => {
    const hash = await wallet.deployContract({ abi: a, bytecode: code, args });
    return (await publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
  };
  const hostAddress = await deploy(hostAbi, hostBytecode, []);
  const address = await deploy(abi, bytecode, [hostAddress]);
  const batchAddress = await deploy(batchAbi, batchBytecode, []);
  const codeSize = async (a: Hex) => ((await publicClient.getCode({ address: a })) ?? '0x').length / 2 - 1;
  const floatAddress = (await publicClient.readContract({ address, abi, functionName: 'floats' })) as Hex;
  const sizes = { entry: await codeSize(address), hostIo: await codeSize(hostAddress), floats: await codeSize(floatAddress) };
  const args = (root: Uint8Array, proof: StepProof) => [toHex(root), encodeProof(proof, hostAbi)] as const;
  return {
    sizes,
    /** The post-state root (the arguments are encoded at once: the root and proof may change after the call). */
    step: (root: Uint8Array, proof: StepProof) => {
      const a = args(root, proof);
      return publicClient.readContract({ address, abi, functionName: 'step', args: a }) as Promise<Hex>;
    },
    gas: (root: Uint8Array, proof: StepProof) => {
      const a = args(root, proof);
      return publicClient.estimateContractGas({ address, abi, functionName: 'step', args: a, account: DEPLOYER.address });
    },
    /** The step() calldata (selector and ABI-encoded arguments), and an eth_call of any calldata. */
    calldataOf: (root: Uint8Array, proof: StepProof) => encodeFunctionData({ abi, functionName: 'step', args: args(root, proof) }),
    stepRaw: (data: Hex) => publicClient.call({ to: address, data }),
    /** Many steps (their calldataOf) in one eth_call: each one's post-state root or revert. */
    stepMany: (calls: Hex[]) => stepMany(publicClient, batchAddress, batchAbi, address, abi, calls),
    /** Bytes of the transaction's calldata (selector and ABI-encoded arguments). */
    calldata: (root: Uint8Array, proof: StepProof) =>
      (encodeFunctionData({ abi, functionName: 'step', args: args(root, proof) }).length - 2) / 2,
    stop: () => anvil.stop(),
  };
}
