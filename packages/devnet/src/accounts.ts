// The dev accounts live in the SDK (the CLI and the web app reach them without depending on the devnet).
export { DEV_MNEMONIC, ROLES, devAccount, devAccounts } from '@proofgrid/sdk';
export type { DevAccount, Role } from '@proofgrid/sdk';
