import { type ErrorKind, ProofgridError } from '../errors/ProofgridError.ts';

/**
 * An error answered by a Proofgrid service (`{ error: { code, message, details } }`), or a
 * failure to reach it (`code: 'ServiceUnreachable'`).
 * @example
 * import { ApiError } from '@proofgrid/sdk/api';
 * try { await market.publishOrder(body) } catch (e) { if (e instanceof ApiError && e.code === 'OrderSignatureInvalid') … }
 */
export class ApiError extends ProofgridError {
  override name = 'ApiError';
  readonly status: number;
  constructor(
    message: string,
    {
      code,
      status,
      kind,
      details,
      cause,
    }: { code: string; status: number; kind?: ErrorKind; details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, { code, kind: kind ?? (status >= 500 || status === 0 ? 'platform' : 'user'), details, cause });
    this.status = status;
  }
}
