/** A typed service error: answered as `{ error: { code, message, details } }` with `status`. */
export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 500 | 503 = 400,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}
