import { type HttpErrorStatus, ServiceError } from '@proofgrid/sdk/errors';

/**
 * A typed refusal of the secret service: answered as `{ error: { code, kind, message, hint, retryable, details } }`
 * with `status` (by default the catalogue's status for the code, 403 for a code not in it).
 * @example
 * throw new SecretsError('DatasetRevoked', `dataset ${id} is revoked`);
 */
export class SecretsError extends ServiceError {
  override name = 'SecretsError';
  constructor(code: string, message: string, status?: HttpErrorStatus, details: Record<string, unknown> = {}) {
    super(code, message, status, details, 403);
  }
}
