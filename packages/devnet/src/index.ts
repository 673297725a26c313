export { startAnvil, anvilPath, freePort } from './startAnvil.ts';
export type { Anvil, StartAnvilParameters } from './startAnvil.ts';
export { deployProofgrid, loadArtifact, DEFAULT_CATEGORIES } from './deploy.ts';
export { fundAccounts } from './fund.ts';
export { startDevnet } from './startDevnet.ts';
export type { Devnet, StartDevnetParameters } from './startDevnet.ts';
export { devAccount, devAccounts, DEV_MNEMONIC, ROLES } from './accounts.ts';
export type { DevAccount, Role } from './accounts.ts';
export { readDeployment } from './readDeployment.ts';
