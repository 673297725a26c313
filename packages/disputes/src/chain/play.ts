import { disputeGameAbi } from '@proofgrid/sdk';
import {
  type Account,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  encodeFunctionData,
  type Hex,
  type Transport,
  type WalletClient,
} from 'viem';
import { decideMove, type Move } from '../strategy/dissection.ts';
import type { TraceView } from '../trace/trace.ts';
import { proofArgument, stateArgument } from './encodeProof.ts';
import { type GameRef, lastSegment, readGame, SIDE, type SideName, STATUS, type StatusName, statusName } from './gameReader.ts';

export type Wallet = WalletClient<Transport, Chain, Account>;

/** One transaction a player sent. */
export type MoveRecord = {
  kind: 'bisect' | 'proveStep' | 'proveHalted' | 'timeout';
  hash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
  calldataBytes: number;
};

export type PlayOptions = GameRef & {
  wallet: Wallet;
  side: SideName;
  /** The player's view of the run (an honest Trace, for an honest player). */
  view: TraceView;
  /** Wait between two looks at the chain while the other side is to move (ms). */
  pollMs?: number;
  signal?: AbortSignal;
};

export type PlayResult = {
  /** Final status, or Open when the player stopped because it agrees with every root of the opponent. */
  status: StatusName;
  won: boolean;
  moves: MoveRecord[];
};

/**
 * Transactions of one account go out one at a time, receipt awaited: a defender playing several games at once from
 * one account would otherwise send two transactions with the same nonce.
 */
const queues = new Map<string, Promise<unknown>>();
function serialized<T>(account: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(account) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(
    account,
    next.catch(() => undefined),
  );
  return next;
}

/** Reverts that mean another player of the same side moved first: look again. */
const RACES = new Set(['SegmentMismatch', 'NotYourTurn', 'GameNotOpen']);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

function revertName(err: unknown): string | undefined {
  if (!(err instanceof BaseError)) return undefined;
  const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
  return reverted?.data?.errorName;
}

/**
 * Plays one side of a game to its end: on its turn, the move `decideMove` picks (bisect, or prove the last step); on
 * the other side's turn, `timeout` once that side's clock has run out, else wait. Returns when the game is over (or
 * when the player agrees with every root it is shown, which an honest player never does against a liar).
 * @example
 * const result = await playGame({ publicClient, wallet, address: game, gameId, side: 'defender', view: new Trace(request) });
 * result.won; // true
 */
export async function playGame(options: PlayOptions): Promise<PlayResult> {
  const { publicClient, wallet, address, gameId, side, view, pollMs = 50, signal } = options;
  const moves: MoveRecord[] = [];
  const mine = SIDE[side];
  const send = async (kind: MoveRecord['kind'], args: readonly unknown[]) => {
    const call = { address, abi: disputeGameAbi, functionName: kind, args } as never;
    const { hash, receipt } = await serialized(wallet.account.address, async () => {
      // headroom: a move writes its side's clock, a no-op when estimated in the second of the last move and 2,800 gas
      // more once mined a second later (the estimate alone ran out of gas)
      const gas = await publicClient.estimateContractGas({ ...(call as object), account: wallet.account } as never);
      const hash = await wallet.writeContract({ ...(call as object), gas: gas + gas / 5n } as never);
      return { hash, receipt: await publicClient.waitForTransactionReceipt({ hash }) };
    });
    if (receipt.status !== 'success') {
      const g = await readGame(options);
      const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
      throw new Error(
        `${kind} reverted in transaction ${hash} (block ${receipt.blockNumber} at ${block.timestamp}; game status ${g.status}, turn ${g.turn}, last move at ${g.lastMoveAt}, clocks ${g.challengerClock}/${g.defenderClock})`,
      );
    }
    const calldataBytes = (encodeFunctionData(call).length - 2) / 2;
    moves.push({ kind, hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, calldataBytes });
  };
  while (!signal?.aborted) {
    const g = await readGame(options);
    if (g.status !== STATUS.Open) {
      const status = statusName(g.status);
      return { status, won: status === (side === 'defender' ? 'DefenderWon' : 'ChallengerWon'), moves };
    }
    try {
      if (g.turn === mine) {
        const segment = await lastSegment(options, g.segment);
        if (!segment) {
          await sleep(pollMs, signal);
          continue;
        }
        const move: Move = decideMove(segment, view);
        if (move.kind === 'agree') return { status: 'Open', won: false, moves };
        if (move.kind === 'bisect') await send('bisect', [gameId, segment, BigInt(move.index), move.roots]);
        else if (move.oneStep.kind === 'step')
          await send('proveStep', [gameId, segment, BigInt(move.index), proofArgument(move.oneStep.proof)]);
        else await send('proveHalted', [gameId, segment, BigInt(move.index), stateArgument(move.oneStep.fields)]);
        continue;
      }
      const now = (await publicClient.getBlock({ blockTag: 'latest' })).timestamp;
      const clock = g.turn === SIDE.challenger ? g.challengerClock : g.defenderClock;
      if (now - g.lastMoveAt > clock) await send('timeout', [gameId]);
      else await sleep(pollMs, signal);
    } catch (err) {
      if (!RACES.has(revertName(err) ?? '')) throw err;
    }
  }
  return { status: 'Open', won: false, moves };
}

/** Defends a claim in game `gameId` (the defender's side). */
export const defend = (options: Omit<PlayOptions, 'side'>) => playGame({ ...options, side: 'defender' });

/** Plays the challenger's side of game `gameId` (only the game's challenger may). */
export const challenge = (options: Omit<PlayOptions, 'side'>) => playGame({ ...options, side: 'challenger' });
