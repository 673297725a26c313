import { explainRequest, formatExplanation } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseBytes32 } from '../../format.ts';

export default async function explain(ctx: Context, hashText: string, opts: { candidates?: string }) {
  const hash = parseBytes32(hashText, 'request hash');
  const e = await explainRequest(ctx.market(), hash);
  ctx.out.result(e, (x) => formatExplanation(x, { candidates: Number(opts.candidates ?? 10) }));
}
