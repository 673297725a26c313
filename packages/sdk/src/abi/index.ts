// The contracts' ABIs, `as const`. The files in ./generated/ are written by contracts/scripts/build.mjs: do not edit them.
export { appRegistryAbi } from './generated/appRegistryAbi.ts';
export { datasetRegistryAbi } from './generated/datasetRegistryAbi.ts';
export { disputeGameAbi } from './generated/disputeGameAbi.ts';
export { hostProofAbi } from './generated/hostProofAbi.ts';
export { hubAbi } from './generated/hubAbi.ts';
export { serviceLeasesAbi } from './generated/serviceLeasesAbi.ts';
export { tokenAbi } from './generated/tokenAbi.ts';
export { workerpoolRegistryAbi } from './generated/workerpoolRegistryAbi.ts';
