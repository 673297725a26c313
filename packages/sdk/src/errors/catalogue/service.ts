import { defineArea, spec } from './types.ts';

const bad = (hint: string) => spec('user', 'never', 400, hint);
const notFound = (hint: string) => spec('user', 'never', 404, hint);
const refused = (hint: string) => spec('user', 'never', 403, hint);

/** The market service (scheduler and order book HTTP API), and what it reports on requests and leases. */
export const MARKET_ERRORS = defineArea('market', {
  BodyInvalid: bad('the request body is not JSON'),
  RequestTooLarge: spec('user', 'never', 413, "the request body exceeds the route's limit (details.limit, in bytes)"),
  RateLimited: spec(
    'user',
    'wait',
    429,
    'too many requests from this worker or client address: wait details.retryAfterMs (the retry-after header) and send fewer; the limits are in GET /v1/info',
  ),
  OrderInvalid: bad('the order does not match its schema (details.issues names the fields)'),
  OrderSignatureInvalid: bad(
    "the signature is not the order owner's over this order, chain and hub (or a cancel not signed by the signer)",
  ),
  OrderParamsInvalid: bad("a request's params are not the expected JSON"),
  TaskListVolumeMismatch: bad('the task list does not have `volume` tasks'),
  FilterInvalid: bad('unknown filter value'),
  OrderNotFound: notFound('no order has this hash'),
  // A deal just matched is indexed after its confirmations.
  DealNotFound: spec('user', 'wait', 404, 'no deal has this id (yet: a new deal is indexed after its confirmations)'),
  LeaseNotFound: notFound('no lease has this id'),
  BlobNotFound: notFound('no blob is stored under this hash: upload it first'),
  // Content that does not hash to its address fails every worker the same way.
  BlobHashMismatch: spec('user', 'never', 422, 'a blob does not hash to the address it is stored under', true),
  BlobHashInvalid: bad('a blob address is not a sha256 hash (0x + 64 hex digits)'),
  BlobBatchInvalid: bad('malformed content-store request'),
  RegistrationInvalid: bad('the worker registration body does not match its schema (details.issues names the fields)'),
  HeartbeatInvalid: bad('the heartbeat body does not match its schema: { leases: string[] }'),
  LeaseRequestInvalid: bad('the lease request body does not match its schema (waitMs: a number of milliseconds)'),
  LeaseDoneInvalid: bad('the done report does not match its schema (details.issues names the fields)'),
  LeaseFailInvalid: bad('the failure report does not match its schema (details.issues names the fields)'),
  CancelInvalid: bad("the cancel body does not match its schema: { signature } signed by the order's signer"),
  TaskListInvalid: bad('the task list blob is not a JSON array of tasks (see docs/protocol.md)'),
  AppNotFound: notFound('no app has this id in the app registry'),
  WorkerpoolNotFound: notFound('no workerpool has this id in the workerpool registry'),
  BlobTooLarge: spec('user', 'never', 413, 'the blob is larger than the content store takes'),
  BlobFetchTooLarge: spec(
    'user',
    'never',
    413,
    'the blobs asked for in one fetch exceed the answer limit (details.limit): ask for fewer, or fetch large ones one by one',
  ),
  WorkerSignatureInvalid: spec('user', 'never', 401, "the worker's signature does not verify"),
  ChallengeUnknown: spec(
    'user',
    'after-fix',
    401,
    'the registration nonce was not issued by this scheduler or has expired (or the scheduler restarted): ask for a new challenge',
  ),
  RegistrationReplayed: spec(
    'user',
    'never',
    401,
    'this registration was already used (its nonce registers once): the live session is kept; sign a new challenge',
  ),
  RegistrationMisdirected: spec(
    'user',
    'never',
    403,
    'the registration is signed for another pool, scheduler or chain than the one it was sent to',
  ),
  WorkerUnauthorized: spec('user', 'after-fix', 401, 'the worker is not registered (or its token expired): register again'),
  WorkerNotAllowed: refused("a private pool's allow-list refuses the worker"),
  LeaseExpired: spec('user', 'never', 409, 'the lease expired and may be held by another worker: take a new lease'),
  LeaseTransitionRefused: spec('user', 'never', 409, 'the lease is in a state that takes no such report (see docs/lifecycles.md)'),
  LeaseResultInvalid: bad('the lease report is inconsistent (wrong count or fields)'),
  LeaseReportForged: spec(
    'user',
    'never',
    422,
    "the chain contradicts the reported transaction (reverted, another sender or contract, another batch or root): the lease went back to the pool and the worker gets no more of the deal's leases",
  ),
  ContributionRejected: spec('platform', 'never', 409, 'the batch was reopened without a reveal of this contribution'),
  IllegalTransition: spec(
    'internal',
    'never',
    500,
    'a lease, batch or reveal lifecycle got an event its state does not allow (scheduler or worker): a bug, report it',
  ),
  RouteNotFound: notFound('no such route: check the service version and the path'),
  Internal: spec('internal', 'never', 500, 'an internal error, logged by the service or the CLI: report it'),
  // Request status reasons (GET /v1/requests/:hash, raised by waitForDeal).
  NoMatchingOrder: spec('user', 'wait', 409, 'no published order offers what the request needs at its price yet'),
  RequesterNotAllowed: spec('user', 'after-fix', 403, 'the pool or app orders do not allow this requester'),
  RequestExpired: spec('user', 'never', 401, 'the request expired: send a new one (signed key requests are valid for a few minutes)'),
  RequestCancelled: spec('user', 'never', 409, 'the request order was cancelled'),
});

/** The secret service (dataset keys and secrets released to enclaves). */
export const SECRETS_ERRORS = defineArea('secrets', {
  KeyRequestInvalid: bad('the key request does not match its schema'),
  RequestFromFuture: spec('user', 'after-fix', 401, 'the request is dated in the future: check the clock'),
  RequestReplayed: spec('user', 'never', 409, 'this signed request was already used: sign a fresh one'),
  OwnerSignatureInvalid: spec('user', 'never', 401, "the dataset owner's signature does not verify"),
  SecretKeyHashMismatch: bad('the secret does not hash to the key hash registered for the dataset'),
  SecretNotFound: notFound('no secret is stored for this dataset'),
  SecretRequestInvalid: bad('an owner message (push, revoke, restrict) does not match its schema'),
  SecretUnwrapFailed: bad("the key is not wrapped for this service's public key (GET /v1/info)"),
  DatasetNotFound: notFound('no dataset has this id'),
  DatasetRevoked: spec('user', 'never', 403, 'the dataset owner revoked its key', true),
  DatasetRestricted: spec(
    'user',
    'never',
    403,
    'the dataset owner restricts who may use it (app, pool or requester), and this deal is not allowed',
    true,
  ),
  DealKeyMismatch: refused('the deal is not the one the key request names'),
  TaskFinished: refused('the task is already finalized: its key is not released again'),
  TaskNotInBatch: refused('the task is not in a batch leased to this worker'),
  WorkerNotEnrolled: spec('config', 'after-fix', 403, 'the worker is not enrolled with the secret service'),
  AttestationRequired: spec('config', 'after-fix', 403, 'this dataset needs an attested (TEE) worker'),
  AttestationInvalid: refused('the attestation does not verify'),
  AttestationUnsupported: spec('config', 'never', 403, 'the secret service does not accept this kind of attestation'),
  // The dataset's content does not match its registered hash: every worker fails the same way.
  ContentHashMismatch: spec('user', 'never', 409, 'the content does not match its registered hash', true),
});
