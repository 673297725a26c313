import { type Hex, encodeAbiParameters, encodePacked, keccak256 } from 'viem';

// The inputs root of a request (decision 031): leaves, root and paths, as the hub's BindingChecks hashes them. The
// leaf fields come from a task's initial machine state (packages/disputes taskInputsFieldsOf, which runs the machine's
// own code); here only the hashing, as imageHashOf beside machineImageOf.

/** The domain tag of an inputs leaf (decision 031), as BindingChecks.inputsLeaf hashes it. */
export const INPUTS_TAG = 'proofgrid.inputs.v1';
const ZERO: Hex = `0x${'0'.repeat(64)}`;

/** MachineHostTypes.Strings as an ABI value: argv or the environment as the machine commits them. */
export type StringsArgument = { count: number; bytes_: number; root: Hex; depth: number; offsetsRoot: Hex; offsetsDepth: number };

const packedStrings = (s: StringsArgument) =>
  encodePacked(
    ['uint32', 'uint32', 'bytes32', 'uint8', 'bytes32', 'uint8'],
    [s.count, s.bytes_, s.root, s.depth, s.offsetsRoot, s.offsetsDepth],
  );

/** What a task's inputs leaf commits to, read from its initial state: the static I/O fields, the files and the memory cap. */
export type TaskInputsFields = {
  args: StringsArgument;
  env: StringsArgument;
  /** The random stream's commitment: part of the start's staticHash, not of the leaf (it derives from the deal id). */
  seedHash: Hex;
  maxOutput: bigint;
  filesRoot: Hex;
  maxPages: number;
  /** Whether the module imports random_get (its seed then commits to the stream, which the hub cannot check). */
  random: boolean;
};

/**
 * Leaf `index` of an inputs root (decision 031): keccak256(abi.encode("proofgrid.inputs.v1", index,
 * keccak256(args ‖ env ‖ maxOutput packed as the staticHash, without its seed), filesRoot, maxPages, random)), equal
 * to the hub's BindingChecks.inputsLeaf. The seed is not in the leaf (it is the task id, which hashes the root); when
 * `random` is false the hub checks the start's seed is the task's own instead.
 */
export function inputsLeafOf(index: number, f: TaskInputsFields): Hex {
  const statics = keccak256(encodePacked(['bytes', 'bytes', 'uint64'], [packedStrings(f.args), packedStrings(f.env), f.maxOutput]));
  return keccak256(
    encodeAbiParameters(
      [{ type: 'string' }, { type: 'uint256' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint32' }, { type: 'bool' }],
      [INPUTS_TAG, BigInt(index), statics, f.filesRoot, f.maxPages, f.random],
    ),
  );
}

const node = (left: Hex, right: Hex) => keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [left, right]));

/** The levels of the tree over `leaves`, padded with zero leaves to a power of two (one leaf is its own root). */
function levelsOf(leaves: readonly Hex[]): Hex[][] {
  if (leaves.length === 0) throw new RangeError('an inputs root needs at least one task');
  let level = [...leaves];
  const levels = [level];
  while (level.length > 1) {
    if (level.length % 2 === 1) level.push(ZERO);
    const next: Hex[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(node(level[i] as Hex, level[i + 1] as Hex));
    level = next;
    levels.push(level);
  }
  return levels;
}

/** The root of the inputs leaves of tasks 0..n-1 (what a request signs as `inputsRoot`). */
export function inputsRootOfLeaves(leaves: readonly Hex[]): Hex {
  const levels = levelsOf(leaves);
  return levels[levels.length - 1]?.[0] as Hex;
}

/** The siblings of leaf `index`, bottom up (sibling k on the left when bit k of `index` is set, as the hub folds them). */
export function inputsSiblingsOf(leaves: readonly Hex[], index: number): Hex[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`task ${index} is not among the ${leaves.length} leaves`);
  const levels = levelsOf(leaves);
  const siblings: Hex[] = [];
  let at = index;
  for (const level of levels.slice(0, -1)) {
    siblings.push(level[at ^ 1] ?? ZERO);
    at >>= 1;
  }
  return siblings;
}
