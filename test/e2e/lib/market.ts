// Moved to @proofgrid/testkit; kept so older imports keep working.
export { PRICE, MONTECARLO, events, mcTasks, setupMarket } from '@proofgrid/testkit';
