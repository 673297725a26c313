import { type ErrorObject, ProofgridError } from './ProofgridError.ts';
import { errorInfo } from './registry.ts';

/** The statuses a Proofgrid service answers an error with. */
export type HttpErrorStatus = 400 | 401 | 402 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 504;

/**
 * An error a service answers over HTTP: `{ error: { code, kind, message, hint, retryable, details } }`
 * with `status`, by default the catalogue's status for `code` (`fallbackStatus` for a code not in it).
 * The scheduler throws it as is, the secret service as SecretsError.
 * @example
 * import { ServiceError } from '@proofgrid/sdk/errors';
 * throw new ServiceError('OrderNotFound', `no order ${hash}`, 404, { hash });
 * app.onError((err, c) => (err instanceof ServiceError ? c.json(err.toJSON(), err.status) : …));
 */
export class ServiceError extends ProofgridError {
  override name = 'ServiceError';
  readonly status: HttpErrorStatus;

  constructor(
    code: string,
    message: string,
    status?: HttpErrorStatus,
    details: Record<string, unknown> = {},
    fallbackStatus: HttpErrorStatus = 400,
  ) {
    super(message, { code, details });
    this.status = status ?? (errorInfo(code)?.httpStatus as HttpErrorStatus | undefined) ?? fallbackStatus;
  }

  /** The response body. */
  override toJSON(): { error: ErrorObject } {
    return { error: this.toObject() };
  }
}
