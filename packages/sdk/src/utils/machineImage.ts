import { type Hex, encodeAbiParameters, keccak256 } from 'viem';

/** The domain tag of a machine image (decision 027). */
export const IMAGE_TAG = 'proofgrid.image.v1';

/**
 * What an app's initial state owes to its module alone: the program fields but the memory cap (a term of the
 * request), the entry point, the entry frame's locals, the globals, the initial memory and its size.
 */
export type ImageFields = {
  codeRoot: Hex;
  codeDepth: number;
  funcsRoot: Hex;
  funcsDepth: number;
  tableRoot: Hex;
  tableDepth: number;
  tableLength: number;
  globalsDepth: number;
  maxFrames: number;
  pc: number;
  func: number;
  pages: number;
  localsRoot: Hex;
  globalsRoot: Hex;
  memoryRoot: Hex;
};

/**
 * The machine image, equal byte for byte to the hub's `BindingChecks.imageOf`: keccak256(abi.encode(
 * "proofgrid.image.v1", keccak256(abi.encode(codeRoot, codeDepth, funcsRoot, funcsDepth, tableRoot, tableDepth,
 * tableLength, globalsDepth, maxFrames)), keccak256(abi.encode(pc, func, pages, localsRoot, globalsRoot, memoryRoot)))).
 */
export function imageHashOf(f: ImageFields): Hex {
  const program = keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'uint8' },
        { type: 'bytes32' },
        { type: 'uint8' },
        { type: 'bytes32' },
        { type: 'uint8' },
        { type: 'uint32' },
        { type: 'uint8' },
        { type: 'uint32' },
      ],
      [f.codeRoot, f.codeDepth, f.funcsRoot, f.funcsDepth, f.tableRoot, f.tableDepth, f.tableLength, f.globalsDepth, f.maxFrames],
    ),
  );
  const entry = keccak256(
    encodeAbiParameters(
      [{ type: 'uint32' }, { type: 'uint32' }, { type: 'uint32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [f.pc, f.func, f.pages, f.localsRoot, f.globalsRoot, f.memoryRoot],
    ),
  );
  return keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'bytes32' }, { type: 'bytes32' }], [IMAGE_TAG, program, entry]));
}
