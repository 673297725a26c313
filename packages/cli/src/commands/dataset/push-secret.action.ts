import { signerOf } from '@proofgrid/sdk';
import { type Address, hexToBytes } from 'viem';
import type { Context } from '../../context.ts';
import { parseUint } from '../../format.ts';
import { readKeyFile, secretsClient } from '../../lib/secrets.ts';
import { fields } from '../../output.ts';

export type RestrictionOptions = { app?: string; workerpool?: string; requester?: string; secrets?: string };
export const restrictionsOf = (o: RestrictionOptions) => ({
  app: o.app === undefined ? undefined : parseUint(o.app, 'app id'),
  workerpool: o.workerpool === undefined ? undefined : parseUint(o.workerpool, 'workerpool id'),
  requester: o.requester as Address | undefined,
});

export default async function pushSecret(ctx: Context, datasetArg: string, opts: RestrictionOptions & { keyFile: string }) {
  const dataset = parseUint(datasetArg, 'dataset id');
  const key = hexToBytes(readKeyFile(opts.keyFile, 'dataset key'));
  const client = await ctx.signer();
  const secrets = secretsClient(opts.secrets);
  const restrictions = restrictionsOf(opts);
  const r = await secrets.pushSecret(signerOf(client as never), { dataset, key, restrictions });
  key.fill(0);
  ctx.out.result({ ...r, secrets: secrets.url }, (d) =>
    fields([
      ['dataset', d.dataset],
      ['key sha256', d.keyHash],
      [
        'restrictions',
        `app ${restrictions.app ?? 'any'}, workerpool ${restrictions.workerpool ?? 'any'}, requester ${restrictions.requester ?? 'any'}`,
      ],
      ['secret service', d.secrets],
    ]),
  );
}
