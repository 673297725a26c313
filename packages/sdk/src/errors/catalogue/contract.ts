import { type ErrorSpec, type RetryClass, defineArea } from './types.ts';

// Every custom error in the contracts' ABIs (a test fails on one without an entry here).
// Hints may name the error's arguments as {argument} (its ABI input name).
// `amounts` names the arguments that are token amounts (wei), shown in tokens.
const user = (retry: RetryClass, http: number, hint: string, amounts?: string[]): ErrorSpec => ({
  kind: 'user',
  retry,
  http,
  hint,
  amounts,
});
const never = (http: number, hint: string, amounts?: string[]) => user('never', http, hint, amounts);
const fix = (http: number, hint: string, amounts?: string[]) => user('after-fix', http, hint, amounts);
const wait = (http: number, hint: string) => user('wait', http, hint);
const bug = (hint: string): ErrorSpec => ({ kind: 'internal', retry: 'never', hint });

export const CONTRACT_ERRORS = defineArea('contract', {
  // Hub: escrow
  EscrowInsufficientBalance: fix(
    402,
    'account {account} has {balance} in the escrow but {needed} is needed: deposit more (proofgrid wallet deposit)',
    ['balance', 'needed'],
  ),
  EscrowZeroAmount: never(400, 'give a positive amount'),
  // Hub: orders
  OrderInvalidSignature: never(400, 'the order is not signed by its owner {signer} for this chain and hub (nor presigned)'),
  OrderExpired: never(400, 'the order expired at {expiry}: publish a new one'),
  // From the market's side a used-up order is replaced by another one; a requester's own order is final.
  OrderFullyConsumed: wait(
    409,
    'the order has no volume left (used or cancelled): the market matches another order; publish a new one if it was yours',
  ),
  OrderUnauthorized: never(403, 'only {owner} may do this, not {caller}'),
  // Hub: matching
  DealPriceTooHigh: fix(409, 'an asking price ({price}) is above the request max price ({maxPrice}): raise the max price', [
    'price',
    'maxPrice',
  ]),
  DealTrustTooHigh: fix(409, 'the request asks for trust {requested}, the pool offers {offered}: lower the trust or pick another pool'),
  DealCategoryMismatch: fix(409, 'request and workerpool orders are for different categories ({requested} and {offered})'),
  DealTagMismatch: fix(409, 'the pool does not offer what the app, dataset or request need (TEE, GPU): missing tag {missing}'),
  DealRestricted: fix(403, 'an order restricts who may use it ({field}), and this deal is not allowed'),
  DealAppMismatch: fix(409, 'the request names app {requested}, the app order is for {offered}'),
  DealDatasetMismatch: fix(409, 'the request or deal names dataset {requested}, not {offered}'),
  DealWorkerpoolMismatch: fix(409, 'the request names workerpool {requested}, the pool order is for {offered}'),
  DealValueOverflow: never(400, 'the deal is worth more than the hub can account ({value}): lower the volume or prices', ['value']),
  DealUnknown: never(404, 'no deal has this key on this hub'),
  // Hub: categories and configuration
  CategoryUnknown: never(404, 'no such category: the devnet has XS (0), S (1), M (2) and L (3)'),
  CategoryInvalidRunTime: never(400, 'a category needs a positive maximum run time (got {maxRunTime})'),
  ConfigInvalidValue: { kind: 'config', retry: 'after-fix', http: 400, hint: 'hub setting {field} cannot be {value}' },
  // Hub: batches
  BatchOutOfRange: never(400, 'the task range is outside the deal'),
  BatchFailureExitCodeZero: never(400, 'a failure needs a non-zero exit code: exit code 0 is a success, report it as a result'),
  BatchDeadlinePassed: never(409, 'the deadline passed: only a claim is possible now'),
  BatchDeadlineNotReached: wait(409, 'the deal deadline ({deadline}) has not passed yet: wait before claiming'),
  BatchConsensusNotMet: wait(409, 'the contributions do not agree enough yet to finalize the batch'),
  BatchConsensusRequired: never(409, 'the deal asks for trust {trust}: results go through contribute and reveal, not a push'),
  BatchResultProofInvalid: never(400, 'the Merkle proof does not place digest {digest} at index {index} under the batch root'),
  BatchRevealPending: wait(409, 'reveals are still open until {revealDeadline}: wait before finalizing or reopening'),
  BatchRevealedCannotReopen: never(409, 'the batch has {revealed} revealed contribution(s): it cannot be reopened'),
  BatchTooManyContributors: never(409, 'the batch already has its {max} contributors'),
  BatchUnexpectedStatus: never(409, 'the batch is in status {current}, which does not allow this'),
  BatchWindowClosed: never(409, 'the contribution window closed at {until}'),
  BatchWindowOpen: wait(409, 'the contribution window is open until {until}: wait before this step'),
  TaskAlreadySettled: never(409, 'the task is already settled, refunded or claimed'),
  BatchVerificationMismatch: never(
    409,
    'the deal is verified in mode {verification} (0 replicated, 1 optimistic): optimistic deals take answers, replicated ones contributions and pushes',
  ),
  BatchChallengesOpen: wait(409, 'the batch has {open} open challenge(s): it settles once their games are resolved'),
  // Hub: disputes (decision 026)
  DealVerificationInvalid: never(
    400,
    "the request's verification term {field} = {value} is refused: a known mode, the mode's own window within the hub's windowBounds, trust 1 when optimistic",
  ),
  DisputeUnexpectedState: never(409, 'the task is in dispute state {current}, which does not allow this'),
  DisputeWindowClosed: never(409, 'the challenge window closed at {windowEnd}'),
  DisputeClaimMismatch: never(
    400,
    "the output digest and claim hash to {given}, not to {committed}: repeat the answer's claim from its event",
  ),
  DisputeGameUnset: never(409, 'the hub has no dispute game configured (setDisputeSettings)'),
  DisputeGameNotOver: wait(409, 'game {gameId} is not over yet: resolve the challenge once it ends'),
  DisputeChallengeUnknown: never(404, 'challenge {index} does not exist or is already resolved'),
  DisputeTooManyChallenges: wait(409, 'the batch has 255 open challenges: wait for one to be resolved'),
  // Hub: claim bindings (decision 027)
  BindingHolds: never(
    409,
    "the claim's {end} (0 start, 1 end) is bound to the task: the revealed state is initial and of the app's image, or halted with the task's output commitment. Nothing to refute: challenge with a game instead",
  ),
  BindingRevealInvalid: never(
    400,
    "the revealed {what} does not hash to the claim's root: reveal the claim's own state (bindingArguments)",
  ),
  MachineImageAlreadySet: never(409, 'owner {owner} already registered image {image} for app {app}: an image is set once'),
  MachineImageZero: never(400, 'a machine image cannot be zero: compute it with machineImageOf(module)'),
  StartDemandOpen: wait(409, 'a start demand on {subject} is open already: wait for it to be proven or resolved'),
  StartAlreadyProven: never(409, "the start of {subject}'s claim was revealed and checked already: nothing to demand"),
  StartDemandUnknown: never(404, 'no open start demand on {subject}'),
  StartDemandNotDue: wait(409, 'the defender may reveal the start until {deadline}: resolve the demand after it'),
  StartRevealRejected: never(
    400,
    "the revealed start of {subject} is not an initial state of the app's registered image: it proves nothing (reveal the claim's own start state)",
  ),
  StartInputsUnbound: never(
    400,
    "the revealed start of {subject} does not run on task {index}'s inputs as the requester signed them (the deal's inputsRoot, decision 031): it cannot be proven",
  ),
  CallbackAlreadyDelivered: never(409, 'the callback for this task was already delivered'),
  CallbackGasTooLow: fix(400, 'the callback needs {needed} gas, only {available} is left: send the transaction with more gas'),
  // Hub: contributions and roles
  ContributionUnauthorized: never(403, 'the scheduler did not authorize this worker for this batch'),
  ContributionDuplicate: never(409, 'this worker already contributed to the batch'),
  ContributionNotFound: never(409, 'no contribution of {worker} is pending in the batch (not sent, or not the agreed result)'),
  ContributionRevealMismatch: never(400, 'the revealed result and salt do not open the commitment'),
  CheckerUnauthorized: never(403, 'only the hub checker may overturn results'),
  OwnableUnauthorizedAccount: never(403, 'only the hub owner may do this'),
  OwnableInvalidOwner: never(400, '{owner} cannot own the hub'),
  // Registries
  RegistryUnknownAsset: never(404, 'no asset has this id'),
  RegistryInvalidMetadata: never(400, 'metadata field {field} is missing or invalid'),
  RegistryUnauthorized: never(403, 'asset {id} belongs to {owner}, not {caller}'),
  ERC721IncorrectOwner: never(403, 'token {tokenId} belongs to {owner}, not {sender}'),
  ERC721InsufficientApproval: fix(403, '{operator} is not approved for token {tokenId}'),
  ERC721InvalidApprover: never(400, '{approver} cannot approve'),
  ERC721InvalidOperator: never(400, '{operator} cannot be an operator'),
  ERC721InvalidOwner: never(400, '{owner} cannot own a token'),
  ERC721InvalidReceiver: never(400, '{receiver} cannot receive the token'),
  ERC721InvalidSender: never(400, '{sender} cannot send the token'),
  ERC721NonexistentToken: never(404, 'no token {tokenId}'),
  // Token
  ERC20InsufficientAllowance: fix(402, '{spender} may spend {allowance}, {needed} is needed: approve more', ['allowance', 'needed']),
  ERC20InsufficientBalance: fix(402, '{sender} holds {balance}, {needed} is needed', ['balance', 'needed']),
  ERC20InvalidApprover: never(400, '{approver} cannot approve'),
  ERC20InvalidReceiver: never(400, '{receiver} cannot receive tokens'),
  ERC20InvalidSender: never(400, '{sender} cannot send tokens'),
  ERC20InvalidSpender: never(400, '{spender} cannot spend tokens'),
  ERC2612ExpiredSignature: never(400, 'the permit expired at {deadline}: sign a new one'),
  ERC2612InvalidSigner: never(400, 'the permit is signed by {signer}, not by the owner {owner}'),
  InvalidAccountNonce: fix(409, 'the nonce of {account} is now {currentNonce}: sign again with it'),
  ECDSAInvalidSignature: never(400, 'the signature does not recover to an address'),
  ECDSAInvalidSignatureLength: never(400, 'a signature has 65 bytes, not {length}'),
  ECDSAInvalidSignatureS: never(400, 'the signature is malleable (high s)'),
  // Library guards: reaching them is a bug in the caller or the contracts.
  InvalidShortString: bug('a string is too long for a short string (EIP-712 domain)'),
  StringTooLong: bug('a string is longer than its short-string slot'),
  ReentrancyGuardReentrantCall: bug('a call re-entered the hub'),
  SafeCastOverflowedUintDowncast: never(400, 'value {value} does not fit in {bits} bits'),
  SafeERC20FailedOperation: { kind: 'platform', retry: 'never', hint: 'token {token} refused the transfer' },
  // DisputeGame (decision 022): a bad move names the rule it breaks
  EmptyClaim: never(400, 'a claim of 0 steps has nothing to dispute'),
  ZeroClock: never(400, 'give each side a clock of at least one second'),
  ZeroAddress: never(400, 'the challenger (and a named defender) must be a real address'),
  GameNotOpen: never(409, 'game {gameId} is not open (status {status}): it has not started or is over'),
  NotYourTurn: wait(409, 'game {gameId}: it is the other side’s move ({toMove} to move)'),
  NotAPlayer: never(403, '{sender} plays neither side of game {gameId}'),
  ClockRanOut: never(409, 'game {gameId}: the clock of side {side} ran out; anyone may call timeout'),
  ClockNotRunOut: wait(409, 'game {gameId}: side {side} still has {secondsLeft} s to move'),
  SegmentMismatch: fix(409, 'game {gameId}: the vector given is not the last one posted (read it from the last Bisected event)'),
  BadIndex: never(400, 'part {index} does not exist: the vector has {parts} parts'),
  WrongRootCount: never(400, 'a move posts {expected} roots, not {count}'),
  StartRootMismatch: never(400, 'the first root {root} must be the agreed root {expected}'),
  EndRootNotDisputed: never(400, 'the last root {root} is the opponent’s: name a part whose end you dispute'),
  SegmentIsOneStep: never(400, 'game {gameId}: the part is one step: prove it (proveStep or proveHalted) instead of bisecting'),
  SegmentNotOneStep: never(400, 'game {gameId}: the part is {length} steps: bisect it first'),
  StepAgrees: never(409, 'the step gives {postRoot}, the opponent’s root: nothing is refuted'),
  HaltedStateMismatch: never(400, 'the state fields do not hash to the pre-state root {preRoot}'),
  PreStateRunning: never(400, 'the pre-state {preRoot} is running: prove the step with proveStep'),
});
