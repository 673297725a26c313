import { type DealKey, batchIdOf, challengeTask, getBalances, getHubEvents, getTaskResolution, hubAbi, taskIdOf } from '@proofgrid/sdk';
import { ProofgridError } from '@proofgrid/sdk/errors';
import { type Hex, parseEventLogs } from 'viem';
import type { Context } from '../../context.ts';
import { short, tokens } from '../../format.ts';
import { fields } from '../../output.ts';
import { challengeBatchTask } from './batchChallenge.ts';
import { dealTask } from './show.action.ts';

/**
 * Challenges the optimistic answer of a task: repeats its output digest and claim (from its
 * `TaskAnswered` event), locks the answer's deposit from the caller's escrow and opens a game.
 */
export default async function challenge(
  ctx: Context,
  dealIdText: string,
  indexText: string,
  opts: { batch?: string; evidence?: string } = {},
) {
  const client = await ctx.signer();
  const { dealId, index, key, blockNumber } = await dealTask(ctx, dealIdText, indexText);
  if (opts.batch !== undefined) return challengeBatchCommand(ctx, client, { dealId, index, key }, opts.batch, opts.evidence);
  const taskId = taskIdOf(dealId, index);
  const [answered] = await getHubEvents(client, { eventName: 'TaskAnswered', args: { taskId }, fromBlock: blockNumber });
  if (!answered) {
    const { state } = await getTaskResolution(client, taskId);
    throw new ProofgridError(`task ${index} of deal ${dealId} has no answer to challenge (state ${state})`, {
      code: 'DisputeUnexpectedState',
      kind: 'user',
      details: { taskId, current: state },
    });
  }
  const { outputDigest, claim, deposit } = answered.args as {
    outputDigest: Hex;
    claim: { startRoot: Hex; endRoot: Hex; steps: bigint };
    deposit: bigint;
  };
  // Checked before sending: the hub's revert would say the same with wei and no way out.
  const { escrow } = await getBalances(client, { account: client.account.address });
  if (escrow < deposit)
    throw new ProofgridError(
      `account ${client.account.address} has ${tokens(escrow)} free in the escrow but a challenge locks ${tokens(deposit)}: deposit more with \`proofgrid wallet deposit <amount>\``,
      { code: 'EscrowInsufficientBalance', kind: 'user', details: { account: client.account.address, balance: escrow, needed: deposit } },
    );
  const receipt = await challengeTask(client, { key, index, outputDigest, claim });
  const [opened] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'DisputeGameOpened' });
  const a = opened!.args;
  ctx.out.result(
    {
      dealId,
      index,
      taskId,
      challenge: Number(a.challenge),
      challenger: a.challenger,
      game: a.game,
      gameId: a.gameId,
      deposit: a.deposit,
      tx: receipt.transactionHash,
    },
    (d) =>
      fields([
        ['challenged', `task ${d.index} of deal ${short(d.dealId, 18)} (challenge ${d.challenge})`],
        ['game', `${d.gameId} on ${d.game}: you play the challenger's side`],
        ['deposit', `${tokens(d.deposit)} locked from your escrow`],
        ['tx', d.tx],
      ]),
  );
}

/** `--batch <first>:<count> --evidence <file.json>`: a finalized replicated batch's task, defended by the deal's scheduler. */
async function challengeBatchCommand(
  ctx: Context,
  client: Awaited<ReturnType<Context['signer']>>,
  { dealId, index, key }: { dealId: Hex; index: number; key: DealKey },
  batch: string,
  evidence: string | undefined,
) {
  const { first, count, receipt, opened: a, defender } = await challengeBatchTask(client, key, index, batch, evidence);
  ctx.out.result(
    {
      dealId,
      index,
      batchId: batchIdOf(dealId, first, count),
      first,
      count,
      challenge: Number(a.challenge),
      challenger: a.challenger,
      defender,
      game: a.game,
      gameId: a.gameId,
      deposit: a.deposit,
      tx: receipt.transactionHash,
    },
    (d) =>
      fields([
        ['challenged', `task ${d.index} of batch ${d.first}:${d.count} (${short(d.batchId, 18)}), challenge ${d.challenge}`],
        ['game', `${d.gameId} on ${d.game}: you play the challenger's side, the deal's scheduler ${d.defender} defends`],
        ['deposit', `${tokens(d.deposit)} locked from your escrow`],
        ['tx', d.tx],
      ]),
  );
}
