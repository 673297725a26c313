import type { z } from 'zod';
import { ServiceError } from '../errors.ts';
import { parseOr } from '../validate.ts';

type Req = { req: { text(): Promise<string> } };

/** The JSON body (an empty body is `{}`); not JSON: 400 BodyInvalid. */
export async function jsonBody(c: Req): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ServiceError('BodyInvalid', `request body is not valid JSON: ${(e as Error).message}`, 400);
  }
}

/** The JSON body checked against `schema`; a mismatch is a 400 `code` naming the fields. */
export async function bodyOf<S extends z.ZodType>(c: Req, schema: S, code: string, what: string): Promise<z.output<S>> {
  return parseOr(schema.safeParse(await jsonBody(c)) as never, code, what) as z.output<S>;
}
