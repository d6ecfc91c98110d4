// --- Decision store and OpenAI-compatible engine (src/store, src/engines/openai*, fallback) ---

export {
  EngineUnavailableError,
  type FallbackMode,
  type FallbackOptions,
  withFallback,
} from "./engines/fallback.js";
export {
  assembleAnalysis,
  buildMessages,
  createOpenAIEngine,
  decodedTopics,
  EngineConfigError,
  InvalidModelOutputError,
  type ModelOutput,
  ModelRequestError,
  type ModelRequestFailure,
  modelOutputJsonSchema,
  modelOutputSchema,
  OPENAI_DEFAULT_BASE_URL,
  type OpenAIEngine,
  type OpenAIEngineOptions,
  parseModelOutput,
  redactSecrets,
  riskFloor,
} from "./engines/openai.js";
export {
  describeEngineConfig,
  type EngineDeps,
  type EngineEnvConfig,
  engineFromEnv,
  OPENAI_DEFAULT_MODEL,
  parseEngineEnv,
} from "./engines/openai-env.js";
export type { DecodeFn, RetryClock } from "./engines/openai-types.js";
export {
  type AnalysisInsert,
  type AnalysisRecord,
  canonicalJson,
  DECISION_STATUSES,
  DECISION_TRANSITIONS,
  DEFAULT_DATA_DIR,
  type DecisionFilter,
  type DecisionInsert,
  DecisionNotFoundError,
  type DecisionPatch,
  type DecisionRecord,
  type DecisionStatus,
  type DecisionStore,
  type EventInsert,
  type EventRecord,
  InvalidTransitionError,
  MIGRATIONS,
  type Migration,
  type MigrationResult,
  type OpenStoreOptions,
  openDecisionStore,
  PROPOSAL_STATUSES,
  type ProposalRecord,
  type ProposalStatus,
  type ProposalUpsert,
  redactDatabaseUrl,
  SCHEMA_VERSION,
  SchemaVersionError,
  StoreConnectionError,
  StoreError,
  StoreInputError,
  StoreLockedError,
  storeOptionsFromEnv,
  summaryHash,
  TransitionConflictError,
  UNFINISHED_STATUSES,
  VOTES,
  type Vote,
} from "./store/index.js";

// --- end decision store and OpenAI-compatible engine ---

// --- Decoder, offline engine and ENS corpus (src/decode, src/engines/offline, src/corpus) ---

export {
  defaultEnsCorpusDir,
  type EnsProposal,
  type LoadEnsCorpusOptions,
  loadEnsCorpus,
  parseEnsProposal,
} from "./corpus/ens.js";
export type {
  AdversarialExpectations,
  AdversarialFixtureJson,
  ExpectedFacts,
  ProposalFixture,
  ProposalFixtureKind,
} from "./corpus/fixture.js";
export { type DecodedProposal, decodeProposal } from "./decode/index.js";
export {
  analyzeOffline,
  createOfflineEngine,
  OFFLINE_ENGINE_ID,
  OFFLINE_ENGINE_LABEL,
  type OfflineEngineOptions,
} from "./engines/offline/index.js";
export { type RougeL, rougeL } from "./eval/rouge.js";
export * from "./types.js";

// --- end decoder, offline engine and ENS corpus ---

// --- Delegate runtime: config, watcher, pipeline, executor, CLI (src/agent) ---

export {
  type AskPayload,
  buildDecodeContext,
  type ChainTokens,
  type ConnectOptions,
  ContractNotFoundError,
  configRedactor,
  connectDelegate,
  createExecutor,
  createWatcher,
  cursorNameFor,
  DEFAULT_BLOCK_RANGE,
  DEFAULT_MNDT_USD,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RECEIPT_TIMEOUT_MS,
  DEFAULT_RPC_URL,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  type DelegateConfig,
  DelegateConfigError,
  DelegateError,
  type DelegateFlags,
  type DelegateSetup,
  DevKeyRefusedError,
  ENGINE_UNAVAILABLE_RULE,
  type Executor,
  type ExecutorContext,
  type ExecutorHooks,
  engineName,
  formatRationale,
  HARDHAT_MNEMONIC,
  isTransient,
  LOCAL_CHAIN_ID,
  loadDelegateConfig,
  MandateFileError,
  MandateMismatchError,
  MissingOperatorKeyError,
  makeRedactor,
  OperatorMismatchError,
  type PassResult,
  type PipelineContext,
  type PipelineOutcome,
  type PollResult,
  type ProposalHandler,
  type ProposalWatcher,
  parseDelegateArgs,
  postWebhook,
  processProposal,
  RATIONALE_MAX_CHARS,
  REASON_CODES,
  type ReasonCode,
  RpcUnreachableError,
  type RunDelegateOptions,
  type RunDelegateResult,
  readMandateFile,
  reasonCodeFor,
  redactUrl,
  registryCallAbi,
  revertReason,
  runDelegate,
  Secret,
  type SeenProposal,
  storeOptionsFor,
  UnknownDelegateError,
  type WatcherOptions,
  type WebhookOptions,
  type WebhookResult,
  withRetry,
} from "./agent/index.js";
export { main as delegateCli, USAGE as DELEGATE_USAGE } from "./cli.js";

// --- end delegate runtime ---

// --- Compiling plain-language wishes into a mandate (needs a model provider) ---
export {
  type CompiledMandate,
  compileMandate,
  describeCondition,
  explainMandate,
} from "./engines/mandate-compiler.js";
export {
  type ChatCompleter,
  type ChatCompleterOptions,
  createChatCompleter,
} from "./engines/openai.js";
