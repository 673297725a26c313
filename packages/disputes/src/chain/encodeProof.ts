import type { StateFields, StepProof } from '@proofgrid/machine';
import { disputeGameAbi, hostProofAbi } from '@proofgrid/sdk';
import { type AbiParameter, encodeAbiParameters, type Hex, toHex } from 'viem';

const ZERO32 = `0x${'00'.repeat(32)}` as Hex;

type Value = unknown;
type Fields = Record<string, Value> | undefined;

/**
 * `value` shaped as the ABI parameter `param`, field by field by name (`bytes_` reads `bytes`, `memory_` reads
 * `memory`): byte arrays to hex, wide integers to bigint, a missing field to its zero value. Driven by the generated
 * ABI, so a field added to a contract struct needs no change here unless its TypeScript name differs.
 */
export function toAbiValue(param: AbiParameter, value: Value): Value {
  if (param.type.endsWith('[]')) {
    const item = { ...param, type: param.type.slice(0, -2) } as AbiParameter;
    return ((value as Value[] | undefined) ?? []).map((v) => toAbiValue(item, v));
  }
  if (param.type === 'tuple') {
    const fields = value as Fields;
    const components = (param as { components: readonly AbiParameter[] }).components;
    return Object.fromEntries(components.map((c) => [c.name, toAbiValue(c, fields?.[c.name!] ?? fields?.[c.name!.replace(/_$/, '')])]));
  }
  if (param.type === 'bytes32') return value instanceof Uint8Array ? toHex(value) : ((value as Hex | undefined) ?? ZERO32);
  if (param.type === 'bytes') return value instanceof Uint8Array ? toHex(value) : ((value as Hex | undefined) ?? '0x');
  if (param.type === 'bool') return Boolean(value);
  const bits = /^u?int(\d+)$/.exec(param.type);
  if (bits) return Number(bits[1]) > 48 ? BigInt((value as number | bigint | undefined) ?? 0) : Number(value ?? 0);
  return value;
}

const proveStepInputs = (disputeGameAbi as readonly { type: string; name?: string; inputs?: readonly AbiParameter[] }[]).find(
  (x) => x.type === 'function' && x.name === 'proveStep',
)!.inputs!;
const proveHaltedInputs = (disputeGameAbi as readonly { type: string; name?: string; inputs?: readonly AbiParameter[] }[]).find(
  (x) => x.type === 'function' && x.name === 'proveHalted',
)!.inputs!;

/** A host call's HostProof as the step proof's `host` bytes (MachineHostTypes.HostProof, ABI-encoded); `0x` otherwise. */
export function encodeHostProof(host: StepProof['host']): Hex {
  if (!host) return '0x';
  const param = (hostProofAbi[0] as { inputs: readonly AbiParameter[] }).inputs[0]!;
  const h = host as unknown as Record<string, Value> & { statics: Record<string, Value>; file?: { entry: Value; path: Value } };
  const shaped = { ...h, ...h.statics, file: h.file?.entry, fileSlot: h.file?.path };
  return encodeAbiParameters([param], [toAbiValue(param, shaped)]);
}

/** A StepProof as DisputeGame.proveStep's `proof` argument (OneStepProver's Proof struct). */
export function proofArgument(proof: StepProof): Value {
  const frame = proof.frame ? { ...proof.frame.record, rest: proof.frame.rest } : undefined;
  return toAbiValue(proveStepInputs[3]!, { ...proof, frame, host: encodeHostProof(proof.host) });
}

/** Halted state fields as DisputeGame.proveHalted's `state` argument (MachineState.State). */
export function stateArgument(fields: StateFields): Value {
  return toAbiValue(proveHaltedInputs[3]!, fields);
}
