// Long-running services (issue 17, decision 029): leases, deposits, usage receipts, endpoint records, gateways.
export {
  SERVICE_TYPES,
  parseServiceId,
  serviceIdOf,
  servicesAddress,
  servicesDomain,
  toWire,
  type EndpointRecord,
  type UsageReceipt,
} from './typedData.ts';
export {
  closeLease,
  depositForLease,
  getLease,
  getLeaseAccount,
  openLease,
  withdrawLeaseDeposit,
  type LeaseAccount,
  type OpenLeaseParameters,
  type ServiceLease,
} from './leases.ts';
export { newestReceipts, parseUsageReceipt, redeemReceipts, signUsageReceipt, usageReceiptSigner, verifyUsageReceipt } from './receipts.ts';
export { createEndpointBook, parseEndpointRecord, signEndpointRecord, verifyEndpointRecord, type EndpointBook } from './endpoints.ts';
export {
  RECEIPT_HEADER,
  callService,
  createServiceMeter,
  errorFromResponse,
  publishEndpointRecord,
  resolveService,
  type CallServiceReturnType,
  type EndpointHealth,
  type ResolvedService,
  type ServiceMeter,
} from './gatewayClient.ts';
