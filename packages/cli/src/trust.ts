// The CA the command trusts for https services besides the public roots (decision 017): --ca,
// then PROOFGRID_CA, then the devnet's .proofgrid/tls/ca.pem (what `npm start` serves HTTPS with).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { findStateDir } from './config.ts';
import { UsageError } from './errors.ts';

/** The CA file a command trusts: --ca, PROOFGRID_CA, or the devnet's tls/ca.pem beside the deployment; none otherwise. */
export function caFile(flag: string | undefined): string | undefined {
  const explicit = flag ?? process.env.PROOFGRID_CA;
  if (explicit) return explicit;
  const state = findStateDir();
  const devnet = state && join(state, 'tls', 'ca.pem');
  return devnet && existsSync(devnet) ? devnet : undefined;
}

/**
 * Makes this process's fetch (every market and secret service call) trust the CA in `file` too.
 * Node reads NODE_EXTRA_CA_CERTS only at start-up, so the CLI sets undici's global dispatcher.
 */
export async function trustCa(file: string): Promise<void> {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new UsageError(
      `cannot read the CA certificate ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      'FileUnreadable',
      { file },
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`${file} is not a PEM certificate`, 'FileUnreadable', { file });
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  const extras = extra && existsSync(extra) ? [readFileSync(extra, 'utf8')] : [];
  const { Agent, setGlobalDispatcher } = await import('undici');
  setGlobalDispatcher(new Agent({ connect: { ca: [...rootCertificates, ...extras, pem] } }));
}
