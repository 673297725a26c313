// Trusting one more certificate authority in this process (decision 017): the worker's --ca.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

/**
 * Makes every `fetch` of this process trust the CA in `caFile` (PEM) besides the public roots: what
 * NODE_EXTRA_CA_CERTS does at start-up, for a worker told `--ca <file>` (a scheduler or secret
 * service on a certificate of a private CA, e.g. the devnet's .proofgrid/tls/ca.pem).
 * @example
 * trustCaFile('.proofgrid/tls/ca.pem'); // then https://127.0.0.1:… on the devnet certificate is trusted
 */
export function trustCaFile(caFile: string): void {
  const ca = readFileSync(caFile, 'utf8');
  if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${caFile} is not a PEM certificate`);
  // An explicit CA list replaces Node's default one: keep the public roots and NODE_EXTRA_CA_CERTS in it.
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  const extras = extra ? [readFileSync(extra, 'utf8')] : [];
  setGlobalDispatcher(new Agent({ connect: { ca: [...rootCertificates, ...extras, ca] } }));
}
