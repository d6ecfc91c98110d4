export { type CachedSourceOptions, cachedSource } from "./cache.js";
export {
  applyConstraints,
  type BeliefConstraint,
  type ConstrainedBelief,
  type DelegateIntent,
  delegateConstraint,
  intendedVote,
} from "./delegate.js";
export { type HolderBelief, type HolderSourceOptions, holderSource } from "./holder.js";
export {
  buildForecastMessages,
  createOpenAIForecaster,
  FORECAST_RESPONSE_FORMAT_NAME,
  type ForecastMessageOptions,
  type ForecastOutput,
  ForecastRejectedError,
  type ForecastRejection,
  ForecastRequestError,
  forecastJsonSchema,
  forecastOutputSchema,
  OPENAI_DEFAULT_BASE_URL,
  type OpenAIForecaster,
  type OpenAIForecasterOptions,
  parseForecast,
  redactSecrets,
} from "./openai.js";
export {
  type GatheredBeliefs,
  gatherBeliefs,
  type PoolComponent,
  type PooledBelief,
  pool,
  type SourceFailure,
  type WeightedBelief,
} from "./pool.js";
export {
  DEFAULT_PASS_MODEL,
  type IntendedVote,
  type PassEstimate,
  type PassModelParams,
  type ProposalSourceOptions,
  type ProposalTally,
  passProbability,
  proposalSource,
  timeLeft,
  type VoteSupport,
} from "./proposal.js";
export {
  type Belief,
  type BeliefContext,
  BeliefRangeError,
  type BeliefSource,
  checkWeight,
  formatP,
  makeBelief,
} from "./types.js";
