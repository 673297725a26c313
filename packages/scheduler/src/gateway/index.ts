// The services gateway (decision 029): resolve svc:<id>, keep verified endpoint records, route calls.
export { createServiceDirectory, type Health, type ServiceDirectory, type ServiceEntry } from './directory.ts';
export { forwardCall, type Forwarded } from './forward.ts';
export { createGateway, gatewayRoutes, type GatewayOptions } from './routes.ts';
