// The machine's public surface (browser-safe: no node: imports).
export { compileModule, type FuncInfo, type Program } from './compile/compileModule.ts';
export { instructionClass, Op, opName, WORDS } from './compile/opcodes.ts';
export { decodeModule } from './decode/decodeModule.ts';
export type { WasmModule } from './decode/types.ts';
export {
  BadProofError,
  MachineError,
  MachineHaltedError,
  MalformedModuleError,
  TrapError,
  UnsupportedFeatureError,
} from './errors.ts';
export { run } from './exec/execute.ts';
export { type HostFunction, Machine, PAGE_BYTES, type Status } from './exec/machine.ts';
export { resultDigest } from './run/resultDigest.ts';
export { type MachineRequest, type MachineResult, runModule, type Session, startSession } from './run/runModule.ts';
export { MEMORY_DEPTH, MemoryTree } from './state/memoryTree.ts';
export { equalBytes, rootFromProof, toHex } from './state/merkle.ts';
export { type ImageFieldValues, imageFieldsOfModule } from './state/imageFields.ts';
export { type InputsFieldValues, inputsFieldsOf, type StringsValues } from './state/inputsFields.ts';
export { commitProgram, type ProgramCommitment, type ProgramFields } from './state/programCommitment.ts';
export { Commitment, type FrameRecord, hashFields, type StateFields } from './state/stateHash.ts';
export { hashIo, type IoFields, IoCommitment } from './state/ioState.ts';
export { type Path, proofSize, proveStep, type StepProof, verifyStepProof } from './state/stepProof.ts';
export { createWasi, type Wasi, type WasiOptions } from './wasi/wasi.ts';
export { ERRNO } from './wasi/errno.ts';
export { RIGHT } from './wasi/fileSystem.ts';
export { CLOCK_STEP_NS } from './wasi/virtualTime.ts';
export { RANDOM_BYTES } from './wasi/randomStream.ts';
