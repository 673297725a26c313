import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ProofgridError, contentHashOf, decodeResult, decryptResult } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { readBytes, readKeyFile } from '../../lib/secrets.ts';
import { fields } from '../../output.ts';

export default async function decrypt(ctx: Context, file: string, opts: { keyFile: string; out?: string; digest?: string }) {
  const blob = readBytes(file);
  const digest = contentHashOf(blob);
  if (opts.digest && opts.digest.toLowerCase() !== digest)
    throw new ProofgridError(`${file} hashes to ${digest}, not ${opts.digest}: refused`, { code: 'BlobHashMismatch', kind: 'user' });
  const result = decodeResult(await decryptResult(blob, readKeyFile(opts.keyFile, 'result private key')));
  const files = Object.keys(result.files);
  if (opts.out) {
    const dir = resolve(opts.out);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stdout'), result.stdout);
    for (const [name, bytes] of Object.entries(result.files)) {
      const path = resolve(dir, name);
      if (!path.startsWith(`${dir}/`))
        throw new ProofgridError(`output file name ${name} escapes ${dir}`, { code: 'ResultFormatInvalid', kind: 'user' });
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
    }
  }
  const stdout = new TextDecoder().decode(result.stdout);
  ctx.out.result({ file, digest, stdout: opts.out ? undefined : stdout, files, out: opts.out }, (d) =>
    d.out
      ? fields([
          ['digest', d.digest],
          ['written', `${d.out}/stdout${d.files.length ? `, ${d.files.join(', ')}` : ''}`],
        ])
      : stdout.trimEnd(),
  );
}
