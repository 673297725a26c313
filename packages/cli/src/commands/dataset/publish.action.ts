import { readFileSync } from 'node:fs';
import { publishDataset } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { parseAmount, parseUint, tokens } from '../../format.ts';
import { fields } from '../../output.ts';

export default async function publish(ctx: Context, file: string, opts: { name: string; price: string; volume: string }) {
  const price = parseAmount(opts.price, 'price');
  const volume = parseUint(opts.volume, 'volume');
  let content: Uint8Array;
  try {
    content = new Uint8Array(readFileSync(file));
  } catch (cause) {
    throw new UsageError(`cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, 'FileUnreadable', {
      file,
    });
  }
  const r = await publishDataset(await ctx.signer(), ctx.market(), { content, name: opts.name, price, volume });
  ctx.out.result({ ...r, name: opts.name, price, size: content.length }, (d) =>
    fields([
      ['dataset', d.dataset],
      ['name', d.name],
      ['content', `${d.contentHash} (${d.size} bytes)`],
      ['price', `${tokens(d.price)} per task`],
      ['dataset order', d.orderHash],
    ]),
  );
}
