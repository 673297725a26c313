// Moved to @proofgrid/testkit; kept so older imports keep working.
export { startStack, spawnService, waitForFile } from '@proofgrid/testkit';
export type { Proc, Stack } from '@proofgrid/testkit';
