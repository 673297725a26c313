import type { Address, Hex } from 'viem';
import { disputeGameAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import type { ProvableClaim } from '../../utils/provableDigest.ts';
import { eventsInRanges } from './eventsInRanges.ts';

/** `IDisputeGame.Status` in words. */
export const GAME_STATUSES = ['none', 'open', 'defenderWon', 'challengerWon'] as const;
export type GameStatusName = (typeof GAME_STATUSES)[number];
/** `IDisputeGameMoves.Side` in words. */
export const GAME_SIDES = ['challenger', 'defender'] as const;
export type GameSide = (typeof GAME_SIDES)[number];

export type GetDisputeGameParameters = {
  /** The DisputeGame contract (a challenge's `game`, from `challengeOf` or `DisputeGameOpened`). */
  game: Address;
  gameId: bigint;
  /** Where to look for the game's `GameOpened` event (its claim). Default: the deployment's start block. */
  fromBlock?: bigint;
};

export type DisputeGameView = {
  game: Address;
  gameId: bigint;
  status: GameStatusName;
  /** The hub (or whoever) that opened it. */
  opener: Address;
  challenger: Address;
  /** The zero address when anyone may defend (`open` rather than `openDefended`). */
  defender: Address;
  /** The side to move while the game is open. */
  turn: GameSide;
  /** The claim under dispute (from `GameOpened`); undefined if its event is not in the range read. */
  claim?: ProvableClaim;
  /** Seconds per side the game opened with. */
  clock?: bigint;
  /** Seconds left on each side's clock at the latest block (the side to move loses time while it thinks). */
  clocksLeft: { challenger: bigint; defender: bigint };
  /** The side to move ran out of time: anyone may call `timeout`. */
  timedOut: boolean;
  /** Unix seconds of the last move (or the open). */
  lastMoveAt: bigint;
  /** Segments.hash of the last posted root vector (the roots are in the game's last `Bisected` event). */
  lastSegmentHash: Hex;
};

type GameRecord = {
  opener: Address;
  status: number;
  turn: number;
  lastMoveAt: bigint | number;
  challenger: Address;
  challengerClock: bigint | number;
  defender: Address;
  defenderClock: bigint | number;
  segment: Hex;
};

/**
 * A dispute game as it stands (decision 022): status, players, the side to move, both clocks at the latest
 * block, the claim and the hash of the last posted vector.
 * @example
 * import { getDisputeGame } from '@proofgrid/sdk';
 * const g = await getDisputeGame(client, { game, gameId });
 * if (g.status === 'open') console.log(`${g.turn} to move, ${g.clocksLeft[g.turn]} s left`);
 */
export async function getDisputeGame(
  client: ProofgridClient,
  { game, gameId, fromBlock }: GetDisputeGameParameters,
): Promise<DisputeGameView> {
  const [record, block, opened] = await Promise.all([
    client.public.readContract({ address: game, abi: disputeGameAbi, functionName: 'game', args: [gameId] }) as Promise<GameRecord>,
    client.public.getBlock({ blockTag: 'latest' }),
    eventsInRanges(client, {
      address: game,
      abi: disputeGameAbi,
      eventNames: ['GameOpened'],
      args: { gameId },
      fromBlock: fromBlock ?? client.deployment.startBlock ?? 0n,
    }),
  ]);
  const status = GAME_STATUSES[record.status] ?? 'none';
  const turn = GAME_SIDES[record.turn] ?? 'challenger';
  const lastMoveAt = BigInt(record.lastMoveAt);
  const stored = { challenger: BigInt(record.challengerClock), defender: BigInt(record.defenderClock) };
  const clocksLeft = { ...stored };
  let timedOut = false;
  if (status === 'open') {
    const elapsed = block.timestamp > lastMoveAt ? block.timestamp - lastMoveAt : 0n;
    clocksLeft[turn] = stored[turn] > elapsed ? stored[turn] - elapsed : 0n;
    timedOut = elapsed > stored[turn];
  }
  const o = opened.at(-1)?.args;
  return {
    game,
    gameId,
    status,
    opener: record.opener,
    challenger: record.challenger,
    defender: record.defender,
    turn,
    ...(o
      ? {
          claim: { startRoot: o.startRoot as Hex, endRoot: o.endRoot as Hex, steps: BigInt(o.steps as bigint) },
          clock: BigInt(o.clock as bigint),
        }
      : {}),
    clocksLeft,
    timedOut,
    lastMoveAt,
    lastSegmentHash: record.segment,
  };
}
