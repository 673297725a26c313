import { BaseError, ContractFunctionRevertedError } from 'viem';
import { ContractRevertError, TransactionError } from './ContractRevertError.ts';
import { ProofgridError } from './ProofgridError.ts';

/**
 * Turns whatever a contract call threw into a typed Proofgrid error: a decoded custom error
 * becomes ContractRevertError (code = the Solidity error name), anything else TransactionError.
 * @example
 * import { decodeError } from '@proofgrid/sdk';
 * try { await hub.write.matchOrders(…) } catch (e) { throw decodeError(e) }
 */
export function decodeError(err: unknown): ProofgridError {
  if (err instanceof ProofgridError) return err;
  if (err instanceof BaseError) {
    const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      return new ContractRevertError(revert.data.errorName, revert.data.args ?? [], err);
    }
    return new TransactionError(err.shortMessage, err);
  }
  return new TransactionError(err instanceof Error ? err.message : String(err), err);
}
