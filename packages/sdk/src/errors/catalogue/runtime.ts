import { type ErrorKind, defineArea, spec } from './types.ts';

/** A task failure every worker would hit the same way: the scheduler fails the batch. */
const taskFault = (kind: ErrorKind, hint: string) => spec(kind, 'never', 422, hint, true);

/** Raised by the SDK itself (client side). */
export const SDK_ERRORS = defineArea('sdk', {
  ServiceUnreachable: spec(
    'platform',
    'retry',
    503,
    'the market service cannot be reached: is it running (npm start), and is the URL right?',
  ),
  SecretsUnavailable: spec('platform', 'retry', 503, 'the secret service cannot be reached: is it running, and is the URL right?'),
  TransactionFailed: spec('platform', 'retry', 502, 'a transaction failed without a decodable reason (RPC down, out of gas): try again'),
  MatchTimeout: spec('timeout', 'wait', 504, 'the request was not matched in time: wait longer, or check its status reason'),
  DealTimeout: spec('timeout', 'wait', 504, 'the deal did not finish in time: wait longer (its tasks may still be running)'),
  ClientNoAccount: spec('config', 'after-fix', 400, 'this action signs: create the client with an account'),
  RunEmpty: spec('user', 'never', 400, 'a run needs at least one task'),
  AppModuleUnsupported: spec(
    'user',
    'never',
    422,
    'the module uses a WebAssembly feature a dispute could not replay (SIMD, threads, reference types, multi-value, memory64...): build it without',
  ),
  RunResultsConflict: spec('user', 'never', 400, 'ask for public results or give a result key, not both'),
  RunTermsConflict: spec('user', 'never', 400, 'an optimistic run takes a challenge window, a replicated one a rollback window'),
  DealHasNoCallback: spec('user', 'never', 400, 'the deal names no callback contract: nothing to deliver'),
  TagInvalid: spec('user', 'never', 400, 'an order tag is bit numbers 0..255 (e.g. 0,2) or a bytes32 hex'),
  MarketHashMismatch: spec(
    'platform',
    'never',
    502,
    'the market answered another order hash than the one signed: it is not a Proofgrid market of this chain and hub',
  ),
  ResultMissing: spec('platform', 'wait', 404, 'a result blob is not in the content store (yet)'),
  ResultRootMismatch: spec('platform', 'never', 502, 'a downloaded result does not verify against the root agreed on chain'),
  FailureExitCodeInvalid: spec(
    'user',
    'never',
    400,
    'a failure exit code is an integer in 1..2^32-1 (0 is a success, reported as a result)',
  ),
  FailureReportInvalid: spec(
    'platform',
    'never',
    502,
    'a failure report blob is not a Proofgrid failure report (result codec with failure.json)',
  ),
  ResultFormatInvalid: spec('platform', 'never', 502, 'a result blob is not a Proofgrid result (or names a file outside its folder)'),
  ResultEncrypted: spec('user', 'after-fix', 400, 'the result is encrypted for the requester: pass its result key'),
  ProvableCheckMissing: spec(
    'user',
    'after-fix',
    400,
    "a provable batch's result needs the caller's check of its output commitment: pass checkProvable (verifyProvableResult)",
  ),
  ResultKeyInvalid: spec('user', 'never', 400, 'a result key is 32 bytes of hex'),
  ResultDecryptFailed: spec('user', 'never', 400, "the result does not decrypt with this key (not the requester's key, or a corrupt blob)"),
  DatasetKeyInvalid: spec('user', 'never', 400, 'a dataset key is 32 bytes of hex'),
  DatasetFormatInvalid: spec('user', 'never', 400, 'the blob is not an encrypted Proofgrid dataset'),
  DatasetDecryptFailed: taskFault('user', 'the dataset does not decrypt with the released key (corrupt, or encrypted with another key)'),
  CryptoUnavailable: spec(
    'config',
    'never',
    500,
    'this runtime has no WebCrypto (crypto.subtle): use Node 20+ or a secure browser context',
  ),
  ProtocolRequestInvalid: spec(
    'internal',
    'never',
    500,
    'a worker-to-scheduler request does not match the protocol schema: a bug in the caller',
  ),
  ProtocolResponseInvalid: spec(
    'platform',
    'never',
    502,
    'the scheduler answered outside the protocol schema: are the worker and scheduler versions the same?',
  ),
  DisputeStepUnprovable: spec(
    'platform',
    'never',
    501,
    'the disputed step ({step}) is not provable on chain yet ({reason}): the game cannot end by proof (packages/machine README, not done yet)',
  ),
  VerifierTaskUnverifiable: spec(
    'user',
    'never',
    422,
    'the verifier cannot re-execute this task (a confidential dataset, a module the provable machine refuses, a blob the content store lacks): the answer stays unchecked',
  ),
  ProvableResultMalformed: spec(
    'platform',
    'never',
    422,
    'a provable result blob does not decode ({reason}): it was not made by encodeProvableResult (decision 027), or was cut short',
  ),
  ProvableResultMismatch: spec(
    'platform',
    'never',
    422,
    'the result blob yields the output commitment {actual}, not the {expected} committed on chain: the blob is not the answer (decision 027)',
  ),
});

/** Raised by a worker while running a lease (reported to the scheduler per task). */
export const WORKER_ERRORS = defineArea('worker', {
  AppExitNonZero: taskFault('user', 'the app exited with a non-zero code: see its stderr in the message'),
  ResultUploadMismatch: spec(
    'platform',
    'retry',
    502,
    'the content store hashed a result to another address than the worker: upload it again',
  ),
  ResultCountMismatch: spec('internal', 'never', 500, 'a run strategy gave a different number of results than the lease has tasks: a bug'),
  WorkerJournalInvalid: spec(
    'config',
    'after-fix',
    500,
    'the reveal journal is not readable: repair it, or move it aside to start without it (its salts are lost)',
  ),
  ChallengeMismatch: spec(
    'config',
    'after-fix',
    500,
    "the scheduler's challenge names another pool, chain or hub than the worker's configuration (--workerpool, --deployment): check the scheduler url",
  ),
  RevealRefused: spec('platform', 'never', 409, 'the chain refused the reveal (not the agreed result, or the contribution is gone)'),
  SecretsNotConfigured: spec(
    'config',
    'after-fix',
    500,
    'this deal uses a dataset and the worker has no secret service: start it with --secrets <url>',
  ),
  AnswerDepositShort: spec(
    'user',
    'after-fix',
    402,
    "the worker's free escrow is below the hub's dispute deposit an optimistic answer locks: deposit more PGT (the task goes to another worker)",
  ),
  AnswerInputsUnsupported: spec(
    'user',
    'never',
    422,
    'this worker answers optimistic tasks without a dataset only (a defence replays the run, and a dataset key is released per batch)',
  ),
  AnswerStepBudget: taskFault(
    'timeout',
    'the app did not halt within the steps of the provable machine its lease allows (limits.timeoutMs x 10^5 steps per ms): raise limits.timeoutMs or make the app halt sooner',
  ),
  AnswerImageMismatch: taskFault(
    'user',
    "the app owner registered a machine image (setMachineImage) that is not its module's: no honest answer could prove its start, so no worker answers; the owner registers an app with its true image (machineImageOf)",
  ),
  AnswerInputsMismatch: taskFault(
    'user',
    "the request's signed inputs root (decision 031) does not hold this task's inputs as the scheduler leased them: no honest answer could prove its start, so no worker answers; the requester signs the root of the tasks it asks for (inputsRootOf)",
  ),
  AnswerTimeout: {
    ...taskFault(
      'timeout',
      'the provable run of an optimistic task took longer than its wall-clock bound (20 x limits.timeoutMs): its thread was terminated; raise limits.timeoutMs or make the app faster',
    ),
    http: 504,
  },
});

/** The WASM sandbox (packages/worker/src/sandbox). */
export const SANDBOX_ERRORS = defineArea('sandbox', {
  SandboxTimeout: { ...taskFault('timeout', 'raise limits.timeoutMs (the task category) or make the app faster'), http: 504 },
  SandboxMemoryLimit: taskFault('user', 'raise limits.memoryMb or reduce the memory the app uses'),
  SandboxOutputLimit: taskFault('user', 'write less to stdout, stderr and /out, or raise limits.maxOutputBytes'),
  SandboxTrap: taskFault('user', 'the app trapped (unreachable, out-of-bounds access, division by zero, stack overflow): fix the app'),
  SandboxInvalidModule: taskFault('user', 'the app is not a WASI preview1 module the sandbox can run: rebuild it for wasm32-wasip1'),
  SandboxInvalidRequest: spec('config', 'never', 400, 'the sandbox request is malformed (a bad limit, an input file name escaping /in)'),
  SandboxCrashed: spec(
    'platform',
    'retry',
    500,
    'a sandbox thread died for a reason other than the app (host out of memory, a bug): run it again',
  ),
  SandboxPoolClosed: spec('abort', 'never', 503, 'the sandbox pool is closed (the worker is stopping)'),
});

/**
 * Transport failures raised below Proofgrid (Node system error codes, viem's error names):
 * registered so `isRetryable(err)` recognises them anywhere in a cause chain.
 */
export const TRANSPORT_ERRORS = defineArea('transport', {
  ECONNREFUSED: spec('platform', 'retry', 503, 'the connection was refused: is the service running?'),
  ECONNRESET: spec('platform', 'retry', 503, 'the connection was reset: try again'),
  ETIMEDOUT: spec('platform', 'retry', 504, 'the connection timed out: try again'),
  HttpRequestError: spec('platform', 'retry', 503, 'an HTTP request to the chain failed: is the RPC node up?'),
  TimeoutError: spec('timeout', 'retry', 504, 'a request to the chain timed out: try again'),
  SocketClosedError: spec('platform', 'retry', 503, 'the connection to the chain closed: try again'),
});
