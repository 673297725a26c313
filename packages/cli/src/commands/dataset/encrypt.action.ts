import { writeFileSync } from 'node:fs';
import { contentHashOf, encryptDataset, generateDatasetKey } from '@proofgrid/sdk';
import { bytesToHex } from 'viem';
import type { Context } from '../../context.ts';
import { readBytes, readKeyFile, writeSecretFile } from '../../lib/secrets.ts';
import { fields } from '../../output.ts';

export default async function encrypt(ctx: Context, file: string, opts: { out?: string; keyFile?: string; keyOut?: string }) {
  const plain = readBytes(file);
  const key = opts.keyFile ? readKeyFile(opts.keyFile, 'dataset key') : bytesToHex(generateDatasetKey());
  const ciphertext = await encryptDataset(plain, key);
  const out = opts.out ?? `${file}.pgd`;
  writeFileSync(out, ciphertext);
  const keyOut = opts.keyFile ? undefined : (opts.keyOut ?? `${out}.key`);
  if (keyOut) writeSecretFile(keyOut, key);
  ctx.out.result({ file, out, keyFile: keyOut ?? opts.keyFile, contentHash: contentHashOf(ciphertext), size: ciphertext.length }, (d) =>
    fields([
      ['ciphertext', `${d.out} (${d.size} bytes, AES-256-GCM)`],
      ['content hash', d.contentHash],
      ['key', `${d.keyFile} (keep it; push it with: proofgrid dataset push-secret <id> --key-file ${d.keyFile})`],
    ]),
  );
}
