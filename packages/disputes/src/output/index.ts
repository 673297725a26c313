// The off-chain side of the claim bindings (decision 027).
export { decodeProvableResult, encodeProvableResult, type ProvableResult } from './blob.ts';
export {
  bindingArguments,
  ioArgument,
  machineImageOf,
  programArgument,
  type RevealArgument,
} from './binding.ts';
export { OUTPUT_TAG, type OutputFields, outputCommitmentOf } from './commitment.ts';
export { IMAGE_TAG, type ImageFields, imageHashOf } from '@proofgrid/sdk';
export { filesRootOf, outputFieldsOf, streamHashOf, type VerifyOptions, verifyProvableResult } from './provable.ts';
export {
  INPUTS_TAG,
  inputsLeafOf,
  inputsProofOf,
  inputsRootOf,
  inputsRootOfLeaves,
  inputsRootOfTasks,
  inputsSiblingsOf,
  type TaskInputsFields,
  taskInputsFieldsOf,
} from './inputs.ts';
