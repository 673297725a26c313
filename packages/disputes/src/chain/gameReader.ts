import { disputeGameAbi } from '@proofgrid/sdk';
import { type Address, encodePacked, type Hex, keccak256, type PublicClient } from 'viem';
import type { Segment } from '../strategy/dissection.ts';

/** IDisputeGame.Status and IDisputeGameMoves.Side as the contract numbers them. */
export const STATUS = { None: 0, Open: 1, DefenderWon: 2, ChallengerWon: 3 } as const;
export const SIDE = { challenger: 0, defender: 1 } as const;
export type SideName = keyof typeof SIDE;
export type StatusName = keyof typeof STATUS;

export const statusName = (status: number): StatusName => (Object.keys(STATUS) as StatusName[])[status]!;

/** DisputeGame.Game: the stored record of a game. */
export type GameRecord = {
  opener: Address;
  status: number;
  turn: number;
  lastMoveAt: bigint;
  challenger: Address;
  challengerClock: bigint;
  defender: Address;
  defenderClock: bigint;
  segment: Hex;
};

export type GameRef = { publicClient: PublicClient; address: Address; gameId: bigint; fromBlock?: bigint };

export async function readGame({ publicClient, address, gameId }: GameRef): Promise<GameRecord> {
  const g = await publicClient.readContract({ address, abi: disputeGameAbi, functionName: 'game', args: [gameId] });
  return { ...g, lastMoveAt: BigInt(g.lastMoveAt), challengerClock: BigInt(g.challengerClock), defenderClock: BigInt(g.defenderClock) };
}

/** Segments.hash: what the game stores for a posted vector. */
export function segmentHash(s: Segment): Hex {
  return keccak256(encodePacked(['uint64', 'uint64', 'bytes32[]'], [s.start, s.length, s.roots]));
}

/**
 * The last vector posted in a game, read from its events: the roots of its last `Bisected` event, or the claim's two
 * roots from `GameOpened` before any move. Undefined while the node's logs lag its state (the hash differs).
 */
export async function lastSegment(ref: GameRef, stored: Hex): Promise<Segment | undefined> {
  const { publicClient, address, gameId, fromBlock = 0n } = ref;
  const bisected = await publicClient.getContractEvents({
    address,
    abi: disputeGameAbi,
    eventName: 'Bisected',
    args: { gameId },
    fromBlock,
    strict: true,
  });
  let segment: Segment;
  const last = bisected.at(-1);
  if (last) {
    segment = {
      start: BigInt(last.args.start),
      length: BigInt(last.args.length),
      roots: last.args.roots.map((r) => r.toLowerCase() as Hex),
    };
  } else {
    const opened = await publicClient.getContractEvents({
      address,
      abi: disputeGameAbi,
      eventName: 'GameOpened',
      args: { gameId },
      fromBlock,
      strict: true,
    });
    const o = opened.at(-1);
    if (!o) return undefined;
    segment = {
      start: 0n,
      length: BigInt(o.args.steps),
      roots: [o.args.startRoot.toLowerCase() as Hex, o.args.endRoot.toLowerCase() as Hex],
    };
  }
  return segmentHash(segment) === stored ? segment : undefined;
}
