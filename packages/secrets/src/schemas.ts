import type { Address, Hex } from 'viem';
import { zeroAddress } from 'viem';
import { z } from 'zod';
import { SecretsError } from './errors.ts';

// Request bodies of the secret service and its database schema.
const zHex = z
  .string()
  .regex(/^0x[0-9a-fA-F]*$/)
  .transform((s) => s as Hex);
const zB32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/)
  .transform((s) => s.toLowerCase() as Hex);
const zAddr = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((s) => s as Address);
const zId = z.string().regex(/^[1-9]\d{0,40}$/, 'a dataset id (decimal, > 0)');
const zRestrictions = z
  .object({
    app: z
      .string()
      .regex(/^\d{1,78}$/)
      .default('0'),
    workerpool: z
      .string()
      .regex(/^\d{1,78}$/)
      .default('0'),
    requester: zAddr.default(zeroAddress),
  })
  .default({ app: '0', workerpool: '0', requester: zeroAddress });
export const zPush = z.object({
  dataset: zId,
  wrappedKey: zHex,
  keyHash: zB32,
  restrictions: zRestrictions,
  timestamp: z.number().int(),
  signature: zHex,
});
export const zRevoke = z.object({ timestamp: z.number().int(), signature: zHex });
export const zRestrict = z.object({ restrictions: zRestrictions, timestamp: z.number().int(), signature: zHex });
export const zKeyRequest = z.object({
  dataset: zId,
  contentHash: zB32,
  dealId: zB32,
  dealKey: z.record(z.string(), z.unknown()),
  taskIndex: z.number().int().nonnegative(),
  first: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  schedulerAuthorization: zHex,
  worker: zAddr,
  transportKey: z
    .string()
    .regex(/^0x0[23][0-9a-fA-F]{64}$/)
    .transform((s) => s as Hex),
  attestation: z.object({ kind: z.string().max(32), quote: zHex.optional() }),
  nonce: z
    .string()
    .regex(/^0x[0-9a-fA-F]{16,64}$/)
    .transform((s) => s.toLowerCase() as Hex),
  timestamp: z.number().int(),
  signature: zHex,
});

export type SecretRow = {
  dataset: string;
  owner: string;
  key_hash: string;
  sealed: Buffer;
  restrictions: string;
  revoked: number;
  signed_at: number;
  updated_at: number;
};
export type Restrictions = { app: string; workerpool: string; requester: Address };

export const SCHEMA = `
pragma journal_mode = wal;
create table if not exists secrets (
  dataset text primary key, owner text not null, key_hash text not null,
  sealed blob not null,            -- the dataset key, AES-256-GCM under the master key
  restrictions text not null, revoked integer not null default 0,
  signed_at integer not null,      -- timestamp of the last owner message accepted (monotonic)
  updated_at integer not null
);
create table if not exists nonces (worker text not null, nonce text not null, at integer not null, primary key (worker, nonce));
create table if not exists releases (
  id integer primary key autoincrement, dataset text not null, deal_id text not null, task_index integer not null,
  worker text not null, content_hash text not null, attestation text not null,
  message text not null, signature text not null, at integer not null
);
create index if not exists releases_dataset on releases(dataset);
`;

/** A body checked against its schema; a malformed one is refused with `code` (400). */
export function parse<T>(schema: z.ZodType<T>, body: unknown, code: string): T {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new SecretsError(
      code,
      `malformed request: ${r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
      400,
    );
  return r.data;
}
