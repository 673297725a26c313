/**
 * Errors of the machine, in the shape of the SDK's ProofgridError (`code`, `kind`, `details`) so
 * services can forward them unchanged, but without importing the SDK (the machine stays dependency-free).
 * Match on `code`: MachineUnsupportedFeature, MachineMalformedModule, MachineTrap, MachineHalted, MachineBadProof.
 */
export type MachineErrorKind = 'user' | 'internal';

export class MachineError extends Error {
  override name = 'MachineError';
  readonly code: string;
  readonly kind: MachineErrorKind;
  readonly details: Record<string, unknown>;
  constructor(message: string, code: string, kind: MachineErrorKind, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.kind = kind;
    this.details = details;
  }
}

/** The module uses a WebAssembly feature the machine does not prove (SIMD, threads, reference types, multi-value, memory64, ...). */
export class UnsupportedFeatureError extends MachineError {
  override name = 'UnsupportedFeatureError';
  readonly feature: string;
  constructor(feature: string, where: string) {
    super(`module uses ${feature}, which the provable machine does not support (${where})`, 'MachineUnsupportedFeature', 'user', {
      feature,
      where,
    });
    this.feature = feature;
  }
}

/** The bytes are not a well-formed WebAssembly 1.0 module (or one the machine cannot link). */
export class MalformedModuleError extends MachineError {
  override name = 'MalformedModuleError';
  constructor(reason: string, offset?: number) {
    super(`malformed module: ${reason}${offset === undefined ? '' : ` at byte ${offset}`}`, 'MachineMalformedModule', 'user', {
      reason,
      offset,
    });
  }
}

/** The program trapped (unreachable, out-of-bounds access, division by zero, ...): a legitimate final state. */
export class TrapError extends MachineError {
  override name = 'TrapError';
  readonly trap: string;
  constructor(trap: string, pc: number) {
    super(`trap: ${trap} at pc ${pc}`, 'MachineTrap', 'user', { trap, pc });
    this.trap = trap;
  }
}

/** A step was asked of a machine that has already halted (exited or trapped). */
export class MachineHaltedError extends MachineError {
  override name = 'MachineHaltedError';
  constructor(status: string) {
    super(`the machine has halted (${status}): there is no next step`, 'MachineHalted', 'user', { status });
  }
}

/** A proof does not match the state it claims to be about, or is malformed. */
export class BadProofError extends MachineError {
  override name = 'BadProofError';
  constructor(reason: string) {
    super(`bad proof: ${reason}`, 'MachineBadProof', 'user', { reason });
  }
}
