// @proofgrid/sdk/api: the market service's wire schemas and a typed HTTP client.
export {
  zAddress,
  zAppOrder,
  zBytes32,
  zCancelOrder,
  zDatasetOrder,
  zHex,
  zPublishOrder,
  zRequestOrder,
  zRequestParams,
  parseRequestParams,
  zTaskList,
  zUint,
  zWorkerpoolOrder,
  cancelMessage,
} from './schemas.ts';
export type { PublishOrderBody, RequestParams, TaskList } from './schemas.ts';
// The worker protocol's schemas, also exported here for existing importers (home: @proofgrid/sdk/protocol).
export { zLeaseDone, zLeaseFail, zLeaseResult, zRegisterWorker, zResources, registrationTypedData } from '../protocol/schemas.ts';
export type { WorkerResources } from '../protocol/schemas.ts';
export { ApiError } from './ApiError.ts';
export { toWire, dealKeyFromWire, orderFromWire } from './wire.ts';
export { createMarketClient } from './createMarketClient.ts';
export { MAX_VIEW_WAIT_MS, dealProgressKey, requestProgressKey, viewWaitQuery } from './progress.ts';
export {
  DEFAULT_RATE_LIMITS,
  DEFAULT_TIMEOUTS,
  LIMIT_FLAGS,
  LIMIT_FLAGS_HELP,
  WORKER_LIMIT_FLAGS,
  applyServerTimeouts,
  limitOptionsOf,
  resolveLimits,
  serverTimeoutOptions,
  zMarketInfo,
  zServiceLimits,
} from './limits.ts';
export { clientKeyOf, createRateLimiter, rateLimitMiddleware, rateLimitedDetails } from './rateLimit.ts';
export type { LimitOptions, MarketInfo, RateLimits, RateRule, ServerTimeouts, ServiceLimits } from './limits.ts';
export { frame, unframe } from '../protocol/frames.ts';
export type {
  AnswerStatus,
  BatchView,
  DealSummary,
  DealView,
  MarketClient,
  MarketStatus,
  OrderEntry,
  RequestStatus,
  TaskView,
  WorkerView,
} from './createMarketClient.ts';
