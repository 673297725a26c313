import { appRegistryAbi, datasetRegistryAbi, hubAbi, tokenAbi, workerpoolRegistryAbi } from '../abi/index.ts';
import { ProofgridError } from './ProofgridError.ts';
import { hintFor } from './hints.ts';

// Root entry only (it reads the ABIs): @proofgrid/sdk/errors stays free of them.
let argNames: Map<string, string[]> | undefined;

/** The input names of a custom error in the contracts' ABIs (empty for an unknown error). */
function argNamesOf(errorName: string): string[] {
  if (!argNames) {
    argNames = new Map();
    for (const abi of [hubAbi, tokenAbi, appRegistryAbi, datasetRegistryAbi, workerpoolRegistryAbi]) {
      for (const item of abi)
        if (item.type === 'error')
          argNames.set(
            item.name,
            item.inputs.map((i) => i.name),
          );
    }
  }
  return argNames.get(errorName) ?? [];
}

/**
 * A contract call reverted with one of the hub's custom errors. `code` is the Solidity error
 * name (e.g. `EscrowInsufficientBalance`), `details.args` its decoded arguments.
 */
export class ContractRevertError extends ProofgridError {
  override name = 'ContractRevertError';
  constructor(errorName: string, args: readonly unknown[], cause?: unknown) {
    const hint = hintFor(errorName, args, argNamesOf(errorName));
    super(`${errorName}(${args.map(String).join(', ')})`, {
      code: errorName,
      kind: hint.kind,
      details: { args: [...args] },
      metaMessages: hint.message ? [hint.message] : [],
      cause,
      docsPath: `docs/errors.md#${errorName.toLowerCase()}`,
    });
  }
}

/** A transaction failed for a reason other than a known custom error (RPC down, out of gas…). */
export class TransactionError extends ProofgridError {
  override name = 'TransactionError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'TransactionFailed', kind: 'platform', cause });
  }
}
