import { getBalances } from '@proofgrid/sdk';
import { formatEther } from 'viem';
import { type Context, subjectAddress } from '../../context.ts';
import { parseAddress, tokens } from '../../format.ts';
import { fields } from '../../output.ts';

export default async function balance(ctx: Context, address: string | undefined) {
  const account = await subjectAddress(ctx, address === undefined ? undefined : parseAddress(address));
  const b = await getBalances(await ctx.client(), { account });
  ctx.out.result({ address: account, ...b }, (d) =>
    fields([
      ['address', d.address],
      ['wallet', tokens(d.wallet)],
      ['escrow free', tokens(d.escrow)],
      ['escrow locked', tokens(d.locked)],
      ['reputation', d.score],
      ['ether', `${formatEther(d.ether)} ETH`],
    ]),
  );
}
