import { ProofgridError } from './ProofgridError.ts';
import { hintFor } from './hints.ts';

/**
 * A contract call reverted with one of the hub's custom errors. `code` is the Solidity error
 * name (e.g. `EscrowInsufficientBalance`), `details.args` its decoded arguments.
 */
export class ContractRevertError extends ProofgridError {
  override name = 'ContractRevertError';
  constructor(errorName: string, args: readonly unknown[], cause?: unknown) {
    const hint = hintFor(errorName, args);
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
