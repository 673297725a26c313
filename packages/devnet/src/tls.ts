// The devnet's TLS certificates (decision 017): a local CA and a server certificate for
// localhost, 127.0.0.1 and ::1, made in JS (no openssl), once per directory and reused while valid.
import { randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** The names the server certificate is valid for: every loopback name a service is reached by. */
export const DEV_TLS_NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export type DevCertificates = {
  /** The local CA's certificate: what clients trust (NODE_EXTRA_CA_CERTS, the worker's --ca). */
  caFile: string;
  /** The server certificate (localhost, 127.0.0.1, ::1), signed by the CA. */
  certFile: string;
  /** The server certificate's private key (PKCS#8 PEM, mode 0600). */
  keyFile: string;
  ca: string;
  cert: string;
  key: string;
  notAfter: Date;
  /** False when the files were already there and still valid. */
  created: boolean;
};

export type DevCertificatesParameters = {
  /** How long a new server certificate (and its CA) is valid (default 90 days). */
  validDays?: number;
  /** A certificate expiring within this many ms is replaced (default one day). */
  renewBeforeMs?: number;
  /** The current time (tests). */
  now?: Date;
};

/**
 * The devnet's CA and server certificate in `dir` (ca.pem, cert.pem, key.pem): made on first use,
 * reused while valid for the loopback names and signed by ca.pem, made anew otherwise. The CA's own
 * private key is never written: nothing else can be signed with it once this returns.
 * @example
 * import { devCertificates } from '@proofgrid/devnet';
 * const tls = await devCertificates('.proofgrid/tls');
 * // proofgrid-scheduler --tls-cert ${tls.certFile} --tls-key ${tls.keyFile}; clients: NODE_EXTRA_CA_CERTS=${tls.caFile}
 */
export async function devCertificates(dir: string, o: DevCertificatesParameters = {}): Promise<DevCertificates> {
  const now = o.now ?? new Date();
  const files = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') };
  const existing = await reusable(files, now, o.renewBeforeMs ?? DAY_MS);
  if (existing) return { ...files, ...existing, created: false };
  const made = await makeCertificates(now, o.validDays ?? 90);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeAtomically(files.keyFile, made.key, 0o600);
  writeAtomically(files.caFile, made.ca, 0o644);
  writeAtomically(files.certFile, made.cert, 0o644);
  return { ...files, ...made, created: true };
}

/** A CA (its key dropped after signing) and a loopback server certificate valid from `now` (less an hour of clock skew). */
export async function makeCertificates(now: Date, validDays: number) {
  const notBefore = new Date(now.getTime() - 3_600_000);
  const notAfter = new Date(now.getTime() + validDays * DAY_MS);
  const caKeys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=Proofgrid devnet CA ${randomBytes(4).toString('hex')}`,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=localhost',
    issuer: caCert.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...DEV_TLS_NAMES.dns.map((value) => ({ type: 'dns' as const, value })),
        ...DEV_TLS_NAMES.ip.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const key = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { ca: caCert.toString('pem'), cert: cert.toString('pem'), key, notAfter };
}

/** The files in place when they are all there, parse, cover the loopback names, chain to ca.pem and stay valid past `renewBeforeMs`. */
async function reusable(files: { caFile: string; certFile: string; keyFile: string }, now: Date, renewBeforeMs: number) {
  if (![files.caFile, files.certFile, files.keyFile].every((f) => existsSync(f))) return undefined;
  try {
    const [ca, cert, key] = [files.caFile, files.certFile, files.keyFile].map((f) => readFileSync(f, 'utf8')) as [string, string, string];
    const caCert = new x509.X509Certificate(ca);
    const leaf = new x509.X509Certificate(cert);
    if (leaf.notBefore > now || leaf.notAfter.getTime() - now.getTime() < renewBeforeMs) return undefined;
    if (caCert.notAfter.getTime() - now.getTime() < renewBeforeMs) return undefined;
    if (!(await leaf.verify({ publicKey: caCert.publicKey, signatureOnly: true }))) return undefined;
    const san = leaf.getExtension(x509.SubjectAlternativeNameExtension);
    const names = new Set((san?.names.toJSON() ?? []).map((n) => `${n.type}:${n.value}`));
    const wanted = [...DEV_TLS_NAMES.dns.map((d) => `dns:${d}`), ...DEV_TLS_NAMES.ip.map((i) => `ip:${i}`)];
    if (!wanted.every((w) => names.has(w))) return undefined;
    chmodSync(files.keyFile, 0o600);
    return { ca, cert, key, notAfter: leaf.notAfter };
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, text: string, mode: number) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

function serial() {
  const b = randomBytes(16);
  b[0] = (b[0] as number) & 0x7f; // a positive serial number
  return b.toString('hex');
}
