// @proofgrid/sdk/api: the market service's wire schemas and a typed HTTP client.
export {
  zAddress,
  zAppOrder,
  zBytes32,
  zCancelOrder,
  zDatasetOrder,
  zHex,
  zLeaseDone,
  zLeaseFail,
  zLeaseResult,
  zPublishOrder,
  zRegisterWorker,
  zRequestOrder,
  zRequestParams,
  parseRequestParams,
  zResources,
  zTaskList,
  zUint,
  zWorkerpoolOrder,
  cancelMessage,
  registrationMessage,
} from './schemas.ts';
export type { PublishOrderBody, RequestParams, TaskList, WorkerResources } from './schemas.ts';
export { ApiError } from './ApiError.ts';
export { toWire, dealKeyFromWire, orderFromWire } from './wire.ts';
export { createMarketClient, frame, unframe } from './createMarketClient.ts';
export type { BatchView, DealView, MarketClient, MarketStatus, OrderEntry, RequestStatus, TaskView, WorkerView } from './createMarketClient.ts';
