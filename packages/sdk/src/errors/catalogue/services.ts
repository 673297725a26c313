import { type ErrorSpec, defineArea, spec } from './types.ts';

// Long-running services (issue 17, decision 029): the ServiceLeases contract's custom errors, and what
// gateways, serving workers and clients answer about service ids, endpoint records and usage receipts.
const never = (http: number, hint: string, amounts?: string[]): ErrorSpec => ({ kind: 'user', retry: 'never', http, hint, amounts });
const fix = (http: number, hint: string, amounts?: string[]): ErrorSpec => ({ kind: 'user', retry: 'after-fix', http, hint, amounts });

export const SERVICE_CONTRACT_ERRORS = defineArea('contract', {
  LeaseUnknown: never(404, 'no service lease has id {leaseId}'),
  LeaseNotPoolOwner: never(403, 'only the owner {owner} of workerpool {workerpool} may open a lease for it, not {caller}'),
  LeaseNotProvider: never(403, 'only the provider {provider} of lease {leaseId} may do this, not {caller}'),
  LeaseClosedAlready: never(410, 'lease {leaseId} is closed: no more deposits'),
  LeaseInvalidParameter: never(400, 'lease parameter {field} is out of range'),
  DepositLocked: spec('user', 'wait', 409, 'the deposit of {client} for lease {leaseId} is locked until {lockUntil} (unix seconds)'),
  DepositInsufficient: never(400, 'withdrawing {amount} exceeds the deposit left, {balance}', ['amount', 'balance']),
  ReceiptBadSignature: never(403, 'the usage receipt {sequence} of lease {leaseId} is not signed by its client {client}'),
  ReceiptStale: never(
    409,
    'receipt {sequence} of {client} on lease {leaseId} is not newer than the redeemed {current}: a receipt never pays twice',
  ),
  ReceiptNotCumulative: never(
    409,
    'receipt {sequence} of {client} on lease {leaseId} counts fewer calls or less than was already redeemed',
  ),
});

const bad = (hint: string) => spec('user', 'never', 400, hint);

export const SERVICE_MARKET_ERRORS = defineArea('market', {
  ServiceIdInvalid: bad('a service id is `svc:<lease id>` (a positive integer)'),
  ServiceNotFound: spec('user', 'never', 404, 'no service lease has this id on this deployment'),
  ServiceClosed: spec('user', 'never', 410, "the service's lease is closed"),
  ServiceNoEndpoint: spec(
    'platform',
    'wait',
    503,
    'the service has no live endpoint: its provider has published none, or all expired or were drained (or every endpoint failed this call)',
  ),
  ServicePaused: fix(
    402,
    "the client's deposit for this lease no longer covers the call: top it up (proofgrid service deposit, or depositForLease) and the lease resumes",
  ),
  EndpointRecordInvalid: bad('an endpoint record is { leaseId, endpoint (http or https url), sequence, expiry, signature }'),
  EndpointRecordForged: spec('user', 'never', 403, "the endpoint record is not signed by the lease's provider on chain"),
  EndpointRecordExpired: spec('user', 'never', 410, 'the endpoint record expired: the provider must publish a new one'),
  EndpointRecordReplayed: spec(
    'user',
    'never',
    409,
    'a record of this endpoint with this sequence number or a higher one is already known: publish with a higher sequence',
  ),
  UsageReceiptMissing: spec('user', 'never', 402, 'a call needs a usage receipt signed by the client (header x-proofgrid-receipt)'),
  UsageReceiptInvalid: spec(
    'user',
    'never',
    403,
    "the usage receipt is malformed, for another lease, not signed by its client, or does not pay this call's price",
  ),
  UsageReceiptReplayed: spec(
    'user',
    'never',
    409,
    'a usage receipt with this sequence number or a higher one was already accepted: sign a newer cumulative receipt',
  ),
  ServiceRouteNotFound: spec('user', 'never', 404, 'no such route on a gateway or a serving worker (see docs/protocol.md, Services)'),
  ServiceCallFailed: spec('platform', 'retry', 502, 'every endpoint tried failed this call (details.attempts lists them)'),
});

export const SERVICE_CLI_ERRORS = defineArea('cli', {
  GatewayNotConfigured: spec(
    'config',
    'after-fix',
    500,
    'no services gateway: pass --gateway <url> or set PROOFGRID_GATEWAY (or configure a market service)',
  ),
});
