import { type Abi, BaseError, ContractFunctionRevertedError, type Hex, decodeErrorResult, isHex } from 'viem';
import { ContractRevertError, TransactionError } from './ContractRevertError.ts';
import { ProofgridError } from './ProofgridError.ts';

/**
 * The revert data somewhere in an error's chain, as nodes put it: a hex `data` (anvil, geth: code 3) or
 * `data.data` (EDR/Hardhat: code -32000, which viem does not read as a revert).
 */
function revertDataOf(err: BaseError): Hex | undefined {
  let found: Hex | undefined;
  err.walk((e) => {
    const data = (e as { data?: unknown }).data;
    const hex = typeof data === 'object' && data !== null ? (data as { data?: unknown }).data : data;
    if (typeof hex === 'string' && isHex(hex) && hex.length >= 10) found = hex;
    return found !== undefined;
  });
  return found;
}

/**
 * Turns whatever a contract call threw into a typed Proofgrid error: a decoded custom error
 * becomes ContractRevertError (code = the Solidity error name), anything else TransactionError.
 * With the called contract's `abi`, revert data viem left undecoded (a node's error code it does not
 * read as a revert) is decoded too.
 * @example
 * import { decodeError } from '@proofgrid/sdk';
 * try { await hub.write.matchOrders(…) } catch (e) { throw decodeError(e) }
 */
export function decodeError(err: unknown, abi?: Abi): ProofgridError {
  if (err instanceof ProofgridError) return err;
  if (err instanceof BaseError) {
    const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      return new ContractRevertError(revert.data.errorName, revert.data.args ?? [], err);
    }
    const data = abi ? revertDataOf(err) : undefined;
    if (abi && data) {
      try {
        const decoded = decodeErrorResult({ abi, data });
        return new ContractRevertError(decoded.errorName, decoded.args ?? [], err);
      } catch {
        // not one of this contract's errors: fall through
      }
    }
    return new TransactionError(err.shortMessage, err);
  }
  return new TransactionError(err instanceof Error ? err.message : String(err), err);
}
