import { Commitment, compileModule, startSession, toHex } from '@proofgrid/machine';
import { type Hex, encodeAbiParameters, keccak256 } from 'viem';

const IMAGE_TAG = 'proofgrid.image.v1';

/**
 * The machine image of a module (decision 027), what `proofgrid app publish` registers with `setMachineImage`: the
 * start state's fields the module alone decides (the program but its memory cap, the entry point, the entry frame's
 * locals, the globals, the initial memory), hashed as the hub's `BindingChecks.imageOf`. The same computation as
 * `machineImageOf` of packages/disputes, which the CLI does not import (layering: the SDK and @proofgrid/machine
 * only); test/e2e/optimisticImage.test.ts checks the two agree. Throws what `compileModule` throws for a module the
 * machine does not run.
 * @example
 * const image = cliMachineImageOf(wasm); // 0x...
 */
export function cliMachineImageOf(wasm: Uint8Array): Hex {
  const session = startSession({ module: compileModule(wasm), seed: 'image', limits: { memoryMb: 64, maxOutputBytes: 0 } });
  const c = new Commitment(session);
  const state = c.fields();
  const p = c.program.fields;
  const h = (b: Uint8Array) => toHex(b) as Hex;
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
      [h(p.codeRoot), p.codeDepth, h(p.funcsRoot), p.funcsDepth, h(p.tableRoot), p.tableDepth, p.tableLength, p.globalsDepth, p.maxFrames],
    ),
  );
  const entry = keccak256(
    encodeAbiParameters(
      [{ type: 'uint32' }, { type: 'uint32' }, { type: 'uint32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [state.pc, state.func, state.pages, h(state.localsRoot), h(state.globalsRoot), h(state.memoryRoot)],
    ),
  );
  return keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'bytes32' }, { type: 'bytes32' }], [IMAGE_TAG, program, entry]));
}
