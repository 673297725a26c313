// @proofgrid/disputes: the off-chain players of the bisection game (decision 022).
export { type OneStep, type Reveal, Trace, type TraceOutput, type TraceView, type Hex } from './trace/trace.ts';
export { DEGREE, decideMove, type Move, partOf, partsOf, type Segment, vectorOf } from './strategy/dissection.ts';
export { encodeHostProof, proofArgument, stateArgument, toAbiValue } from './chain/encodeProof.ts';
export {
  type GameRecord,
  type GameRef,
  lastSegment,
  readGame,
  SIDE,
  type SideName,
  STATUS,
  type StatusName,
  segmentHash,
  statusName,
} from './chain/gameReader.ts';
export { challenge, defend, type MoveRecord, type PlayOptions, type PlayResult, playGame, type Wallet } from './chain/play.ts';
export { openGame, type OpenOptions } from './chain/openGame.ts';
export {
  bindingArguments,
  decodeProvableResult,
  encodeProvableResult,
  filesRootOf,
  IMAGE_TAG,
  type ImageFields,
  imageHashOf,
  INPUTS_TAG,
  inputsLeafOf,
  inputsProofOf,
  inputsRootOf,
  inputsRootOfLeaves,
  inputsRootOfTasks,
  inputsSiblingsOf,
  ioArgument,
  machineImageOf,
  OUTPUT_TAG,
  type OutputFields,
  outputCommitmentOf,
  outputFieldsOf,
  programArgument,
  type ProvableResult,
  type RevealArgument,
  streamHashOf,
  type TaskInputsFields,
  taskInputsFieldsOf,
  type VerifyOptions,
  verifyProvableResult,
} from './output/index.ts';
