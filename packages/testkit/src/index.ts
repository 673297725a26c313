// @proofgrid/testkit: a whole market on loopback (devnet in-process, scheduler and workers as processes).
export { startStack, spawnService, waitForFile } from './stack.ts';
export type { Proc, Stack } from './stack.ts';
export { PRICE, MONTECARLO, events, mcTasks, setupMarket } from './market.ts';
