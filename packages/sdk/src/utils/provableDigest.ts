import { type Hex, encodeAbiParameters, keccak256 } from 'viem';

/** What a provable run claims (IDisputeGame.Claim): from `startRoot`, `steps` steps reach `endRoot`. */
export type ProvableClaim = { startRoot: Hex; endRoot: Hex; steps: bigint };

/**
 * The digest a provable task of a dispute-enabled request commits to (decision 022, point 3), as the
 * hub's ResultHashing.provableDigest: keccak256(abi.encode("proofgrid.provable.v1", outputDigest,
 * startRoot, steps, endRoot)).
 */
export function provableDigestOf(outputDigest: Hex, claim: ProvableClaim): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'string' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint64' }, { type: 'bytes32' }],
      ['proofgrid.provable.v1', outputDigest, claim.startRoot, claim.steps, claim.endRoot],
    ),
  );
}
