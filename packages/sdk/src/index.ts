// @proofgrid/sdk public API: explicit named exports only (no `export *`).
export {
  hubAbi,
  tokenAbi,
  appRegistryAbi,
  datasetRegistryAbi,
  workerpoolRegistryAbi,
  disputeGameAbi,
  hostProofAbi,
} from './abi/index.ts';
export { createProofgridClient, chainOf } from './clients/createProofgridClient.ts';
export type { ProofgridClient, CreateProofgridClientParameters } from './clients/createProofgridClient.ts';
export { createTxQueue, serialClient, type TxQueue } from './clients/txQueue.ts';
export type { DealId, BatchId, TaskId, DealKey, Deployment } from './types/ids.ts';
export type {
  AppOrder,
  DatasetOrder,
  WorkerpoolOrder,
  RequestOrder,
  RequestOrderInput,
  RequestTerms,
  RequestDefaults,
  VerificationMode,
  OrderKind,
  OrderOf,
  Signed,
} from './types/orders.ts';
export { VERIFICATION_CODES } from './types/orders.ts';
export { completeOrder, type OrderInputOf, ZERO_ROOT } from './orders/requestTerms.ts';
export {
  INPUTS_TAG,
  inputsLeafOf,
  inputsRootOfLeaves,
  inputsSiblingsOf,
  type StringsArgument,
  type TaskInputsFields,
} from './utils/inputsRoot.ts';
export {
  getTaskResolution,
  taskStatusOf,
  RESOLUTIONS,
  type ResolutionName,
  type TaskResolution,
  type DisputedTaskStatus,
} from './actions/dispute/getTaskResolution.ts';
export { provableDigestOf, type ProvableClaim } from './utils/provableDigest.ts';
export { IMAGE_TAG, type ImageFields, imageHashOf } from './utils/machineImage.ts';
export { answerTask, challengeTask, resolveChallenge, finalizeAnswer } from './actions/dispute/answers.ts';
export {
  type ClaimEndName,
  getMachineImage,
  type RefuteAnswerParameters,
  type RefuteBatchParameters,
  refuteAnswer,
  refuteBatch,
  type RevealArgument,
  setMachineImage,
} from './actions/dispute/bindings.ts';
export {
  demandBatchStart,
  demandStart,
  type InputsProofArgument,
  NO_INPUTS_PROOF,
  proveBatchStart,
  proveStart,
  resolveBatchStartDemand,
  resolveStartDemand,
} from './actions/dispute/startDemands.ts';
export {
  getDisputeGame,
  GAME_STATUSES,
  GAME_SIDES,
  type DisputeGameView,
  type GameStatusName,
  type GameSide,
  type GetDisputeGameParameters,
} from './actions/dispute/getDisputeGame.ts';
export { getDisputeTimeline, type GetDisputeTimelineParameters } from './actions/dispute/getDisputeTimeline.ts';
export type { DisputeTimelineEntry, DisputeTimelineEvent, GameClocks, TimelineWhere } from './actions/dispute/timelineTypes.ts';
export {
  challengeBatch,
  resolveBatchChallenge,
  batchChallengeProof,
  type ChallengeBatchParameters,
} from './actions/dispute/batchChallenges.ts';
export { eventsInRanges, LOG_RANGE } from './actions/dispute/eventsInRanges.ts';
export { ORDER_TYPES, orderDomain } from './orders/typedData.ts';
export { hashOrder } from './orders/hashOrder.ts';
export { signOrder } from './orders/signOrder.ts';
export { dealIdOf, batchIdOf, taskIdOf, resultHashOf, resultSealOf, authorizationMessageOf, DEAL_KEY_ABI } from './utils/ids.ts';
export { buildResultTree, resultLeafOf } from './utils/resultTree.ts';
export type { ResultTree } from './utils/resultTree.ts';
export {
  ProofgridError,
  jsonSafe,
  ERRORS,
  errorInfo,
  retryOf,
  isRetryable,
  isDeterministic,
  httpStatusOf,
  hintOf,
} from './errors/index.ts';
export type { ErrorArea, ErrorInfo, ErrorKind, ProofgridErrorParameters, RetryClass } from './errors/index.ts';
export { ContractRevertError, TransactionError } from './errors/ContractRevertError.ts';
export { decodeError } from './errors/decodeError.ts';
export { formatTokens, PROOF_TOKEN } from './errors/formatTokens.ts';
export { sendHubTransaction, sendTransaction } from './actions/sendHubTransaction.ts';
export { deposit } from './actions/wallet/deposit.ts';
export { withdraw } from './actions/wallet/withdraw.ts';
export { getBalances } from './actions/wallet/getBalances.ts';
export { createApp } from './actions/app/createApp.ts';
export { createDataset } from './actions/dataset/createDataset.ts';
export { createWorkerpool } from './actions/pool/createWorkerpool.ts';
export {
  SERVICE_TYPES,
  RECEIPT_HEADER,
  callService,
  closeLease,
  createEndpointBook,
  createServiceMeter,
  depositForLease,
  errorFromResponse,
  getLease,
  getLeaseAccount,
  newestReceipts,
  openLease,
  parseEndpointRecord,
  parseServiceId,
  parseUsageReceipt,
  publishEndpointRecord,
  redeemReceipts,
  resolveService,
  serviceIdOf,
  servicesAddress,
  servicesDomain,
  signEndpointRecord,
  signUsageReceipt,
  toWire,
  usageReceiptSigner,
  verifyEndpointRecord,
  verifyUsageReceipt,
  withdrawLeaseDeposit,
} from './actions/services/index.ts';
export type {
  CallServiceReturnType,
  EndpointBook,
  EndpointHealth,
  EndpointRecord,
  LeaseAccount,
  OpenLeaseParameters,
  ResolvedService,
  ServiceLease,
  ServiceMeter,
  UsageReceipt,
} from './actions/services/index.ts';

export type { Resources } from './actions/pool/createWorkerpool.ts';
export { createCategory } from './actions/category/createCategory.ts';
export { matchOrders, NO_DATASET_ORDER } from './actions/deal/matchOrders.ts';
export { getDeal } from './actions/deal/getDeal.ts';
export { getDealEvents } from './actions/deal/getDealEvents.ts';
export type { DealEvent, DealEventName, GetDealEventsParameters } from './actions/deal/getDealEvents.ts';
export { cancelOrder } from './actions/order/cancelOrder.ts';
export { contribute, newSalt } from './actions/batch/contribute.ts';
export { reveal } from './actions/batch/reveal.ts';
export type { Usage } from './actions/batch/reveal.ts';
export { finalize } from './actions/batch/finalize.ts';
export { pushResult } from './actions/batch/pushResult.ts';
export { revealAppFailure } from './actions/batch/revealAppFailure.ts';
export type { RevealAppFailureParameters } from './actions/batch/revealAppFailure.ts';
export { pushAppFailure } from './actions/batch/pushAppFailure.ts';
export type { PushAppFailureParameters } from './actions/batch/pushAppFailure.ts';
export { FAILURE_TAG, LIMIT_EXIT_CODES, TRAP_EXIT_CODE, failureDigest, failureReport, decodeFailureReport } from './results/failure.ts';
export type { Failure, FailureLimit, FailureReport } from './results/failure.ts';
export { claim } from './actions/batch/claim.ts';
export { authorizeWorker } from './actions/batch/authorizeWorker.ts';
export { encodeResult, decodeResult, resultDigestOf, contentHashOf } from './results/resultCodec.ts';
export type { TaskResult } from './results/resultCodec.ts';
export { parseDeployment } from './clients/parseDeployment.ts';
export { DEV_MNEMONIC, ROLES, devAccount, devAccounts, devAccountIndex } from './clients/devAccounts.ts';
export type { DevAccount, Role } from './clients/devAccounts.ts';
export { publishApp, publishAppOrder, requestRun, fetchResults, requestTermsOf, DEFAULT_CHALLENGE_WINDOW } from './market/run.ts';
export type { ProvableResultCheck } from './market/provableResults.ts';
export { waitForDeal, waitForDealEnd } from './market/wait.ts';
export { explainRequest, formatExplanation } from './market/explain.ts';
export { tagFromBits, bitsOfTag, parseTag } from './orders/tags.ts';
export { deliverDealCallbacks } from './market/deliverCallbacks.ts';
export type { Explanation, ExplainCandidate, ExplainClause, ExplainFailure, ExplainKind } from './market/explain.ts';
export type { AppOrderTerms, PublishAppParameters, RequestRunParameters, TaskInput } from './market/run.ts';
export {
  taskInputsOf,
  taskSpecOf,
  taskLimitsOf,
  parseTaskList,
  TASK_MAX_OUTPUT_BYTES,
  TASK_MAX_TIMEOUT_MS,
  type TaskInputs,
  type TaskSpec,
  type TaskDeal,
  type TaskLimits,
  type BlobFetcher,
} from './market/taskInputs.ts';
export { AppModuleUnsupportedError, type ModuleCheck } from './market/appModule.ts';
export type { AppRunSpec, TaskOutput } from './types/appRunSpec.ts';
export { publishDataset, publishDatasetOrder, publishEncryptedDataset } from './market/publishDataset.ts';
export type { PublishDatasetParameters, PublishEncryptedDatasetParameters } from './market/publishDataset.ts';
export { getBatchResult } from './actions/batch/getBatchResult.ts';
export type { BatchResult, BatchOutcome } from './actions/batch/getBatchResult.ts';
export { fetchFailures } from './market/failures.ts';
export type { BatchFailure } from './market/failures.ts';
export { getApp, getDataset, getWorkerpool, getAssetCount } from './actions/registry/getAsset.ts';
export type { App, Dataset, Workerpool, AssetKind } from './actions/registry/getAsset.ts';
export { getHubEvents } from './actions/events/getHubEvents.ts';
export type { HubEventName, GetHubEventsParameters, GetHubEventsReturnType } from './actions/events/getHubEvents.ts';
export { getToken, getTokenBalance } from './actions/wallet/getToken.ts';
export type { Token } from './actions/wallet/getToken.ts';
export { getEscrow, getReputation } from './actions/wallet/getEscrow.ts';
export { dealExists, isTaskSettled, getOrderConsumed } from './actions/deal/getDealState.ts';
export { getBatch } from './actions/batch/getBatch.ts';
export type { Batch } from './actions/batch/getBatch.ts';
export { getBatchStatus, BATCH_STATUS } from './actions/batch/getBatchStatus.ts';
export type { BatchStatusName } from './actions/batch/getBatchStatus.ts';
export { getContribution, CONTRIBUTION_STATUS } from './actions/batch/getContribution.ts';
export type { Contribution, ContributionStatusName } from './actions/batch/getContribution.ts';
export { settle } from './actions/batch/settle.ts';
export { reopen } from './actions/batch/reopen.ts';
export { overturn } from './actions/batch/overturn.ts';
export { deliverCallback } from './actions/batch/deliverCallback.ts';
export { presignOrder } from './actions/order/presignOrder.ts';
export { getCategories } from './actions/category/getCategories.ts';
export type { Category } from './actions/category/getCategories.ts';
export { encryptDataset, decryptDataset, generateDatasetKey, isEncryptedDataset, DATASET_CIPHER_MAGIC } from './crypto/datasetCipher.ts';
export {
  encryptResult,
  decryptResult,
  generateResultKeyPair,
  resultPublicKeyOf,
  isEncryptedResult,
  RESULT_CIPHER_MAGIC,
} from './crypto/resultCipher.ts';
export type { ResultKeyPair, EncryptResultOptions } from './crypto/resultCipher.ts';
export { createSecretsClient, signerOf } from './secrets/createSecretsClient.ts';
export type { SecretsClient, MessageSigner, SecretsInfo, ReleasedKey, KeyRequestEvidence } from './secrets/createSecretsClient.ts';
export {
  secretPushMessage,
  secretRevokeMessage,
  secretRestrictMessage,
  keyRequestMessage,
  keyRequestReportData,
} from './secrets/messages.ts';
export type { DatasetRestrictions, SecretScope } from './secrets/messages.ts';
export { signDeliveryReceipt, verifyDeliveryReceipt, deliveryReceiptMessage } from './secrets/deliveryReceipt.ts';
export type { DeliveryReceipt } from './secrets/deliveryReceipt.ts';
