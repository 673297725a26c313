import { signerOf } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { parseUint } from '../../format.ts';
import { secretsClient } from '../../lib/secrets.ts';
import { fields } from '../../output.ts';
import { type RestrictionOptions, restrictionsOf } from './push-secret.action.ts';

export default async function restrict(ctx: Context, datasetArg: string, opts: RestrictionOptions) {
  const dataset = parseUint(datasetArg, 'dataset id');
  const client = await ctx.signer();
  const restrictions = restrictionsOf(opts);
  await secretsClient(opts.secrets).restrict(signerOf(client as never), { dataset, restrictions });
  ctx.out.result({ dataset, restrictions }, (d) =>
    fields([
      ['dataset', d.dataset],
      [
        'restrictions',
        `app ${d.restrictions.app ?? 'any'}, workerpool ${d.restrictions.workerpool ?? 'any'}, requester ${d.restrictions.requester ?? 'any'}`,
      ],
    ]),
  );
}
