import { ServiceError } from './errors.ts';

type Parsed<T> = { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };

/** Parses a zod result or throws a 400 `<code>` with the issues as details. */
export function parseOr<T>(result: Parsed<T>, code: string, what: string): T {
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new ServiceError(
    code,
    `${what}: ${issues.slice(0, 3).join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`,
    400,
    { issues },
  );
}
