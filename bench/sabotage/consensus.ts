// A line-by-line port of the contract's consensus rule, for the sabotage simulation.
//   contracts/src/libraries/Consensus.sol   weight, addVote, reached
//   contracts/src/modules/Batches.sol       contribute (_admit, first hash leads) and _tally (lead group swap)
//   contracts/src/modules/BatchStorage.sol  MAX_CONTRIBUTORS = 20, leadGroup / othersSum are uint64
//   contracts/src/modules/Payouts.sol       _judge / _creditWinners: score +1 for accurate contributors of a
//                                           replicated batch (winners + losers > 1), 0 for wrong ones
// Arithmetic is bigint, as the EVM's uint256, with the contract's uint64 casts; tests in
// consensus.test.ts replay sequences on a real node and compare.
// A PoCo variant (iExec IexecPoco2Facet: weight max(score/3, 3) - 1, unbounded; score x 2/3 on a wrong
// contribution) is here too, for the comparison in docs/reliability.md. It is not part of the contract.

export const FRESH_WEIGHT = 2n;
export const SCORE_PER_WEIGHT = 4n;
export const MAX_WEIGHT = 8n;
export const MAX_CONTRIBUTORS = 20;
const UINT32_MAX = 2n ** 32n - 1n;

/** Consensus.weight: min(FRESH_WEIGHT + score / SCORE_PER_WEIGHT, MAX_WEIGHT). */
export function weight(score: bigint): bigint {
  const w = FRESH_WEIGHT + score / SCORE_PER_WEIGHT;
  return w > MAX_WEIGHT ? MAX_WEIGHT : w;
}

/** Consensus.addVote: the group's new value (product of weights) and what the sum grows by. */
export function addVote(group: bigint, w: bigint): { newGroup: bigint; delta: bigint } {
  const newGroup = (group === 0n ? 1n : group) * w;
  return { newGroup, delta: newGroup - group };
}

/** Consensus.reached: group * trust > (1 + sum) * (trust - 1); trust <= 1 accepts any non-empty group. */
export function reached(group: bigint, sum: bigint, trust: bigint): boolean {
  if (group === 0n) return false;
  if (trust <= 1n) return true;
  return group * trust > (1n + sum) * (trust - 1n);
}

/** iExec PoCo's weight (IexecPoco2Facet.contribute): max(score / 3, 3) - 1, no cap. */
export function pocoWeight(score: bigint): bigint {
  const s = score / 3n;
  return (s > 3n ? s : 3n) - 1n;
}

export type Rule = 'proofgrid' | 'poco';

/** The score after settlement (Reputation._rewardScore / _resetScore, or PoCo's policy). */
export function nextScore(rule: Rule, score: bigint, accurate: boolean, replicated: boolean): bigint {
  if (accurate) {
    if (!replicated) return score;
    if (rule === 'proofgrid' && score === UINT32_MAX) return score;
    return score + 1n;
  }
  return rule === 'proofgrid' ? 0n : (score * 2n) / 3n;
}

export function weightOf(rule: Rule, score: bigint): bigint {
  return rule === 'proofgrid' ? weight(score) : pocoWeight(score);
}

const u64 = (x: bigint) => {
  const y = BigInt.asUintN(64, x);
  if (y !== x) throw new Error(`uint64 truncation of ${x}`); // the contract's comment says values fit
  return y;
};

export type BatchStatus = 'None' | 'Active' | 'Revealing';

/** The consensus part of a contract Batch (BatchStorage.Batch) and its contribute/_tally logic. */
export class Batch<H extends string = string> {
  status: BatchStatus = 'None';
  contributors = 0;
  /** batch.result while no root is known: the lead hash (the first contributed, or the winner after a swap). */
  result: H | undefined;
  leadGroup = 0n;
  othersSum = 0n;
  /** _store().groups[batchId][hash] for hashes other than the lead. */
  readonly groups = new Map<H, bigint>();
  /** The order of contributions (contributors[batchId][i]) with the weight stored at contribute. */
  readonly votes: { worker: number; hash: H; weight: bigint }[] = [];
  private readonly seen = new Set<number>();

  constructor(
    readonly trust: bigint,
    readonly maxContributors = MAX_CONTRIBUTORS,
  ) {}

  /** Whether `contribute` would pass _admit (status, duplicate, cap); the deadline and signature are not modelled. */
  canContribute(worker: number): boolean {
    return (this.status === 'None' || this.status === 'Active') && !this.seen.has(worker) && this.contributors < this.maxContributors;
  }

  /** Batches.contribute then _tally. Returns true when this vote reached consensus. */
  contribute(worker: number, hash: H, w: bigint): boolean {
    if (this.status !== 'None' && this.status !== 'Active') throw new Error(`BatchUnexpectedStatus(${this.status})`);
    if (this.seen.has(worker)) throw new Error('ContributionDuplicate');
    if (this.contributors >= this.maxContributors) throw new Error('BatchTooManyContributors');
    this.seen.add(worker);
    this.votes.push({ worker, hash, weight: w });
    if (this.contributors === 0) this.result = hash; // the first hash leads
    this.contributors += 1;
    this.status = 'Active';
    return this.tally(hash, w);
  }

  private tally(hash: H, w: bigint): boolean {
    const lead = this.result as H;
    let group: bigint;
    if (hash === lead) {
      group = addVote(this.leadGroup, w).newGroup;
      this.leadGroup = u64(group);
    } else {
      const v = addVote(this.groups.get(hash) ?? 0n, w);
      group = v.newGroup;
      this.groups.set(hash, group);
      this.othersSum = u64(this.othersSum + v.delta);
    }
    const sum = this.leadGroup + this.othersSum;
    if (!reached(group, sum, this.trust)) return false;
    if (hash !== lead) {
      // The chosen group becomes the lead; the former lead's value moves to `groups`.
      this.groups.set(lead, this.leadGroup);
      this.groups.delete(hash);
      this.othersSum = u64(sum - group);
      this.leadGroup = u64(group);
      this.result = hash;
    }
    this.status = 'Revealing';
    return true;
  }

  /** The chosen hash once consensus is reached. */
  get chosen(): H | undefined {
    return this.status === 'Revealing' ? this.result : undefined;
  }

  /** Replicated in the sense of Payouts._settle: more than one contributor (winners + losers > 1). */
  get replicated(): boolean {
    return this.contributors > 1;
  }
}

/**
 * The prediction for one sequence of (worker, hash, weight) contributions: the status after each one
 * and the chosen hash. Contributions after consensus are not made (the contract would revert them).
 */
export function predict<H extends string>(trust: bigint, votes: { worker: number; hash: H; weight: bigint }[]) {
  const b = new Batch<H>(trust);
  const statuses: BatchStatus[] = [];
  for (const v of votes) {
    if (b.status === 'Revealing') break;
    b.contribute(v.worker, v.hash, v.weight);
    statuses.push(b.status);
  }
  return { statuses, chosen: b.chosen, batch: b };
}
