/** A typed refusal: answered as `{ error: { code, message, details } }` with `status`. */
export class SecretsError extends Error {
  override name = 'SecretsError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 500 | 503 = 403,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}
