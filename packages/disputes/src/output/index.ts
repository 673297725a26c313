// The off-chain side of the claim bindings (decision 027).
export { decodeProvableResult, encodeProvableResult, type ProvableResult } from './blob.ts';
export {
  bindingArguments,
  imageFieldsOf,
  ioArgument,
  machineImageOf,
  programArgument,
  type RevealArgument,
} from './binding.ts';
export { type ImageFields, IMAGE_TAG, imageHashOf, OUTPUT_TAG, type OutputFields, outputCommitmentOf } from './commitment.ts';
export { filesRootOf, outputFieldsOf, streamHashOf, type VerifyOptions, verifyProvableResult } from './provable.ts';
