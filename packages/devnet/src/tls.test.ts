import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request, createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { devCertificates } from './tls.ts';

const DAY = 86_400_000;

describe('devnet TLS certificates', () => {
  const root = mkdtempSync(join(tmpdir(), 'tlshelper-devnet-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a CA and a server certificate for localhost, 127.0.0.1 and ::1, valid 90 days, key 0600', async () => {
    const dir = join(root, 'a');
    const now = new Date();
    const tls = await devCertificates(dir, { now });
    assert.equal(tls.created, true);
    assert.equal(statSync(tls.keyFile).mode & 0o777, 0o600, 'the private key is readable by its owner only');
    const cert = new X509Certificate(tls.cert);
    const ca = new X509Certificate(tls.ca);
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkIP('::1'), '::1');
    assert.equal(cert.checkHost('example.com'), undefined, 'no other name');
    assert.equal(cert.ca, false);
    assert.equal(ca.ca, true);
    assert.ok(cert.verify(ca.publicKey), 'signed by the CA');
    assert.ok(cert.checkIssued(ca));
    const validTo = new Date(cert.validTo).getTime();
    assert.ok(Math.abs(validTo - (now.getTime() + 90 * DAY)) < 2000, `expires in 90 days (${cert.validTo})`);
    assert.ok(new Date(cert.validFrom).getTime() <= now.getTime(), 'valid from now');
    assert.ok(cert.keyUsage?.includes('1.3.6.1.5.5.7.3.1'), 'for server authentication');
  });

  test('reused while valid; made anew near expiry, when a file is damaged, and the key mode is restored', async () => {
    const dir = join(root, 'b');
    const now = new Date();
    const first = await devCertificates(dir, { now });
    const again = await devCertificates(dir, { now: new Date(now.getTime() + 30 * DAY) });
    assert.equal(again.created, false);
    assert.equal(again.cert, first.cert);
    assert.equal(again.ca, first.ca);

    chmodSync(first.keyFile, 0o644);
    await devCertificates(dir, { now });
    assert.equal(statSync(first.keyFile).mode & 0o777, 0o600);

    const late = await devCertificates(dir, { now: new Date(now.getTime() + 89.5 * DAY) });
    assert.equal(late.created, true, 'a certificate expiring within a day is replaced');
    assert.notEqual(late.cert, first.cert);
    assert.notEqual(late.ca, first.ca, 'with a new CA: the old CA key was never kept');

    writeFileSync(late.certFile, 'not a certificate');
    const repaired = await devCertificates(dir);
    assert.equal(repaired.created, true);
    assert.ok(new X509Certificate(repaired.cert).verify(new X509Certificate(repaired.ca).publicKey));
  });

  test('a TLS handshake: trusted with the CA on every loopback name, refused without it', async () => {
    const tls = await devCertificates(join(root, 'c'));
    const server = createServer({ cert: tls.cert, key: tls.key }, (_req, res) => res.end('ok'));
    await new Promise<void>((ok) => server.listen(0, '::', ok));
    const port = (server.address() as { port: number }).port;
    const get = (host: string, ca?: string) =>
      new Promise<string>((ok, fail) => {
        const req = request({ host, port, path: '/', ca }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => ok(body));
        });
        req.on('error', fail);
        req.end();
      });
    try {
      for (const host of ['localhost', '127.0.0.1', '::1']) assert.equal(await get(host, tls.ca), 'ok', host);
      await assert.rejects(get('127.0.0.1'), /self-signed|unable to verify|UNABLE_TO_VERIFY/i);
    } finally {
      server.close();
    }
  });
});
