// The scheduler's typed service error is the catalogue's: `new ServiceError(code, message, status?, details?)`,
// answered as `{ error: { code, kind, message, hint, retryable, details } }` with `status` (by default the
// catalogue's HTTP status for the code). Codes and their meaning: docs/errors.md.
export { ServiceError, type HttpErrorStatus } from '@proofgrid/sdk/errors';
