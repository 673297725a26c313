// Serving long-running services (decision 029): one lease's module over HTTP, one request per sandbox run.
export { createServiceServer, type ServiceServer, type ServiceServerOptions } from './createServiceServer.ts';
export { loadServiceModule, type ServedApp } from './loadServiceModule.ts';
export { createReceiptLedger, type ReceiptLedger } from './receiptLedger.ts';
export { SERVE_USAGE, runServeCli } from './main.ts';
export { serveLease, type ServeLeaseOptions, type ServedLease } from './serveLease.ts';
