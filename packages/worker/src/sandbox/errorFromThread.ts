import {
  type ProofgridError,
  SandboxCrashedError,
  SandboxInvalidModuleError,
  SandboxMemoryLimitError,
  SandboxOutputLimitError,
  SandboxTrapError,
} from './errors.ts';
import type { ThreadError } from './threadProtocol.ts';

/**
 * @internal Rebuilds the typed error a sandbox thread reported by name.
 * An unknown name is a bug in the thread, reported as a crash.
 */
export function errorFromThread({ name, message, details, output }: ThreadError): ProofgridError {
  const facts = details as Record<string, never>;
  switch (name) {
    case 'SandboxOutputLimit':
      return new SandboxOutputLimitError({ limitBytes: facts.limitBytes, writtenBytes: facts.writtenBytes });
    case 'SandboxMemoryLimit':
      return new SandboxMemoryLimitError({ limitBytes: facts.limitBytes, memoryBytes: facts.memoryBytes, reason: facts.reason });
    case 'SandboxTrap':
      return new SandboxTrapError({ trap: facts.trap, memoryBytes: facts.memoryBytes }, output);
    case 'SandboxInvalidModule':
      return new SandboxInvalidModuleError({ reason: facts.reason });
    default:
      return new SandboxCrashedError({ reason: `${name}: ${message}` });
  }
}
