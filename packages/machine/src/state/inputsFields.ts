import { type MachineRequest, startSession } from '../run/runModule.ts';
import { toHex } from './merkle.ts';
import { Commitment } from './stateHash.ts';

type Hex = `0x${string}`;
type Strings = Commitment['io']['statics']['args'];

/** MachineHostTypes.Strings as an ABI value. */
export type StringsValues = { count: number; bytes_: number; root: Hex; depth: number; offsetsRoot: Hex; offsetsDepth: number };

/**
 * What a task's initial state owes to its inputs (decision 031's inputs leaf, before hashing): the argument and
 * environment strings, the seed's hash, the output cap, the input files' root, the memory cap and whether the module
 * commits a random stream. The SDK's `inputsLeafOf` hashes these as the hub's `BindingChecks.inputsLeaf` does.
 */
export type InputsFieldValues = {
  args: StringsValues;
  env: StringsValues;
  seedHash: Hex;
  maxOutput: bigint;
  filesRoot: Hex;
  maxPages: number;
  random: boolean;
};

const stringsValues = (s: Strings): StringsValues => ({
  count: s.count,
  bytes_: s.bytes,
  root: toHex(s.root) as Hex,
  depth: s.depth,
  offsetsRoot: toHex(s.offsetsRoot) as Hex,
  offsetsDepth: s.offsetsDepth,
});

/**
 * The inputs fields of a task's initial state, built with the machine's own code from its request (nothing runs).
 * @example
 * import { inputsLeafOf } from '@proofgrid/sdk';
 * const leaf = inputsLeafOf(index, inputsFieldsOf({ module, args, files, seed, env, limits }));
 */
export function inputsFieldsOf(request: MachineRequest): InputsFieldValues {
  const c = new Commitment(startSession(request));
  const { statics } = c.io;
  return {
    args: stringsValues(statics.args),
    env: stringsValues(statics.env),
    seedHash: toHex(statics.seedHash) as Hex,
    maxOutput: BigInt(statics.maxOutput),
    filesRoot: toHex(c.io.fields().filesRoot) as Hex,
    maxPages: c.program.fields.maxPages,
    random: c.session.wasi.io.randomCommitted,
  };
}
