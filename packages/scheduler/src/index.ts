// @proofgrid/scheduler: the workerpool scheduler and orderbook service.
export { startScheduler } from './createScheduler.ts';
export type { Scheduler, SchedulerOptions } from './createScheduler.ts';
export { diagnose, parse as parseClassAd, rank, requirement } from './matching/classad.ts';
export type { Ad, Requirement } from './matching/classad.ts';
