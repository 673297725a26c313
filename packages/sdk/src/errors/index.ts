// @proofgrid/sdk/errors: the error catalogue, dependency-free (no viem, no zod, no node:), for the
// SDK, the services, the worker, the CLI and the browser alike. docs/errors.md is generated from it.
export { ProofgridError, jsonSafe } from './ProofgridError.ts';
export type { ErrorObject, ProofgridErrorParameters } from './ProofgridError.ts';
export { ServiceError } from './ServiceError.ts';
export type { HttpErrorStatus } from './ServiceError.ts';
export { ERRORS, errorInfo, retryOf, isRetryable, isDeterministic, httpStatusOf, hintOf } from './registry.ts';
export { DEFAULT_HTTP_STATUS } from './catalogue/types.ts';
export type { ErrorArea, ErrorInfo, ErrorKind, RetryClass } from './catalogue/types.ts';
