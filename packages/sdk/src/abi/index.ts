export { hubAbi } from './hubAbi.ts';
export { tokenAbi } from './tokenAbi.ts';
export { appRegistryAbi } from './appRegistryAbi.ts';
export { datasetRegistryAbi } from './datasetRegistryAbi.ts';
export { workerpoolRegistryAbi } from './workerpoolRegistryAbi.ts';
