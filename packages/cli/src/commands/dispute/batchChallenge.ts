import { readFileSync } from 'node:fs';
import {
  type DealKey,
  type ProofgridClient,
  challengeBatch,
  getBalances,
  getDisputeGame,
  hubAbi,
  resolveBatchChallenge,
} from '@proofgrid/sdk';
import { ProofgridError } from '@proofgrid/sdk/errors';
import { type Hex, isHex, parseEventLogs } from 'viem';
import { UsageError } from '../../errors.ts';
import { tokens } from '../../format.ts';

/** `--batch <first>:<count>`: the finalized batch [first, first + count) that holds the task. */
export function parseBatch(text: string, index: number, volume: number) {
  const m = /^(\d+):(\d+)$/.exec(text);
  const first = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count === 0 || first + count > volume)
    throw new UsageError(`--batch takes <first>:<count> of a batch inside the deal's ${volume} tasks, not ${text}`, 'UsageInvalid', {
      batch: text,
    });
  if (index < first || index >= first + count)
    throw new UsageError(`task ${index} is not in the batch ${first}:${count}`, 'TaskOutOfRange', { index, first, count });
  return { first, count };
}

/** What a batch challenger shows (decision 026 point 5): the task's output digest and claim, and how to prove them in the root. */
export type BatchEvidence = {
  outputDigest: Hex;
  claim: { startRoot: Hex; steps: bigint; endRoot: Hex };
  /** Every task's agreed provable digest of the batch, in task order (the proof is built from them)… */
  digests?: Hex[];
  /** …or the Merkle proof itself. */
  proof?: Hex[];
};

const bytes32 = (v: unknown) => typeof v === 'string' && isHex(v) && v.length === 66;

/** Reads `--evidence <file.json>`: `{ outputDigest, claim: { startRoot, steps, endRoot }, digests | proof }`. */
export function readEvidence(path: string | undefined): BatchEvidence {
  if (!path)
    throw new UsageError('a batch challenge needs --evidence <file.json> (output digest, claim, digests or proof)', 'UsageInvalid');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`, 'FileUnreadable', { path });
  }
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON`, 'UsageInvalid', { path });
  }
  const c = (e.claim ?? {}) as Record<string, unknown>;
  const list = (v: unknown) => Array.isArray(v) && v.every(bytes32);
  const steps = typeof c.steps === 'string' || typeof c.steps === 'number' ? String(c.steps) : '';
  if (
    !bytes32(e.outputDigest) ||
    !bytes32(c.startRoot) ||
    !bytes32(c.endRoot) ||
    !/^[1-9]\d*$/.test(steps) ||
    !(list(e.digests) || list(e.proof))
  )
    throw new UsageError(
      `${path} must hold { outputDigest, claim: { startRoot, steps, endRoot }, digests: [...] or proof: [...] } (bytes32 hex, steps a positive integer)`,
      'UsageInvalid',
      { path },
    );
  return {
    outputDigest: e.outputDigest as Hex,
    claim: { startRoot: c.startRoot as Hex, steps: BigInt(steps), endRoot: c.endRoot as Hex },
    ...(list(e.digests) ? { digests: e.digests as Hex[] } : { proof: e.proof as Hex[] }),
  };
}

/** Challenges task `index` of a finalized replicated batch; returns the opened game as the hub's event gives it. */
export async function challengeBatchTask(
  client: ProofgridClient & { account: { address: Hex } },
  key: DealKey,
  index: number,
  batch: string,
  evidencePath?: string,
) {
  const { first, count } = parseBatch(batch, index, key.volume);
  const evidence = readEvidence(evidencePath);
  const [, , deposit] = (await client.public.readContract({
    address: client.deployment.hub,
    abi: hubAbi,
    functionName: 'disputeSettings',
  })) as readonly [Hex, bigint, bigint];
  const { escrow } = await getBalances(client, { account: client.account.address });
  if (escrow < deposit)
    throw new ProofgridError(
      `account ${client.account.address} has ${tokens(escrow)} free in the escrow but a challenge locks ${tokens(deposit)}: deposit more with \`proofgrid wallet deposit <amount>\``,
      { code: 'EscrowInsufficientBalance', kind: 'user', details: { account: client.account.address, balance: escrow, needed: deposit } },
    );
  const receipt = evidence.digests
    ? await challengeBatch(client, {
        key,
        first,
        count,
        index,
        outputDigest: evidence.outputDigest,
        claim: evidence.claim,
        digests: evidence.digests,
      })
    : await challengeBatch(client, {
        key,
        first,
        count,
        index,
        outputDigest: evidence.outputDigest,
        claim: evidence.claim,
        proof: evidence.proof!,
      });
  const [opened] = parseEventLogs({ abi: hubAbi, logs: receipt.logs, eventName: 'DisputeGameOpened' });
  const a = opened!.args;
  const game = await getDisputeGame(client, { game: a.game, gameId: a.gameId, fromBlock: receipt.blockNumber });
  return { first, count, receipt, opened: a, defender: game.defender };
}

/** Resolves challenge `challenge` of the batch holding task `index` once its game is over. */
export async function resolveBatchTask(client: ProofgridClient, key: DealKey, index: number, batch: string, challenge: bigint) {
  const { first, count } = parseBatch(batch, index, key.volume);
  return { first, count, receipt: await resolveBatchChallenge(client, { key, first, count, challenge }) };
}
