import { readFileSync, writeFileSync } from 'node:fs';
import { type SecretsClient, createSecretsClient } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import { secretsUrl } from '../config.ts';
import { ConfigError, UsageError } from '../errors.ts';

/** The secret service client of a command (--secrets, PROOFGRID_SECRETS or .proofgrid/secrets.json). */
export function secretsClient(flag: string | undefined): SecretsClient {
  const url = secretsUrl(flag);
  if (!url)
    throw new ConfigError(
      'no secret service: pass --secrets <url>, set PROOFGRID_SECRETS, or run `npm start` (it writes .proofgrid/secrets.json)',
      'SecretsUnknown',
    );
  return createSecretsClient({ url });
}

/** Reads a 32-byte hex key file (dataset key or result private key). */
export function readKeyFile(file: string, what: string): Hex {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (cause) {
    throw new UsageError(
      `cannot read ${what} file ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      'FileUnreadable',
      { file },
    );
  }
  const hex = (text.startsWith('0x') ? text : `0x${text}`) as Hex;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new UsageError(`${file} does not hold a 32-byte hex ${what}`, 'KeyFileInvalid', { file });
  return hex;
}

/** Writes a secret to a file only its owner can read. */
export function writeSecretFile(file: string, hex: string) {
  writeFileSync(file, `${hex}\n`, { mode: 0o600 });
}

export function readBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (cause) {
    throw new UsageError(`cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, 'FileUnreadable', {
      file,
    });
  }
}
