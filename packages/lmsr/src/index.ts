/**
 * @mandate/lmsr: the arithmetic of Mandate's LMSR market (`contracts/src/LMSRMarket.sol`) in
 * bigint, returning the same integers as the contract.
 */

export {
  BPS,
  MAX_FEE_BPS,
  MAX_LIQUIDITY,
  MAX_MARKET_ID,
  MAX_OUTCOMES,
  MAX_POOL,
  MAX_SHARES,
  MAX_UINT256,
  MIN_OUTCOMES,
  WAD,
} from "./constants.js";
export {
  type CreateMarketFundingParameters,
  type CreateMarketFundingReturnType,
  createMarketFunding,
} from "./createMarketFunding.js";
export {
  CostAboveMaxError,
  FeeTooHighError,
  InsufficientSupplyError,
  InvalidArgumentError,
  InvalidLiquidityError,
  InvalidOutcomeCountError,
  LmsrError,
  type LmsrErrorParameters,
  type LmsrErrorType,
  LogSumOutOfRangeError,
  OutcomeOutOfRangeError,
  SharesBelowMinError,
  SharesOutOfRangeError,
  TargetOutOfRangeError,
  ZeroAmountError,
} from "./errors.js";
export {
  type FeeOnParameters,
  type FeeOnReturnType,
  feeOn,
  type NetOfFeeParameters,
  type NetOfFeeReturnType,
  netOfFee,
} from "./fee.js";
export {
  type ImpliedProbabilitiesParameters,
  type ImpliedProbabilitiesReturnType,
  impliedProbabilities,
  type NumberToWadParameters,
  type NumberToWadReturnType,
  numberToWad,
  type PriceAfterTradeFloatParameters,
  type PriceAfterTradeFloatReturnType,
  type PriceFloatParameters,
  type PriceFloatReturnType,
  type PricesFloatParameters,
  type PricesFloatReturnType,
  priceAfterTradeFloat,
  priceFloat,
  pricesFloat,
  type WadToNumberParameters,
  type WadToNumberReturnType,
  wadToNumber,
  type X128ToNumberParameters,
  type X128ToNumberReturnType,
  x128ToNumber,
} from "./float.js";
export {
  type InvalidPayoutParameters,
  type InvalidPayoutReturnType,
  invalidPayout,
} from "./invalidPayout.js";
export {
  costOf,
  EXP_ERR,
  EXP_ZERO_BOUND,
  expNeg,
  expNegDown,
  expNegUp,
  initialLogSum,
  LN_ERR,
  ln,
  lnDown,
  lnUp,
  logSumAfter,
  MAX_LOG_SUM,
  ONE,
  priceDown,
  proceedsOf,
  sharesForBudget,
} from "./math.js";
export { type PricesWadParameters, type PricesWadReturnType, pricesWad } from "./pricesWad.js";
export { type PriceWadParameters, type PriceWadReturnType, priceWad } from "./priceWad.js";
export { type QuoteBuyParameters, type QuoteBuyReturnType, quoteBuy } from "./quoteBuy.js";
export {
  type QuoteBuyWithCollateralParameters,
  type QuoteBuyWithCollateralReturnType,
  quoteBuyWithCollateral,
} from "./quoteBuyWithCollateral.js";
export { type QuoteSellParameters, type QuoteSellReturnType, quoteSell } from "./quoteSell.js";
export {
  type DecodeTokenIdParameters,
  type DecodeTokenIdReturnType,
  decodeTokenId,
  type TokenIdParameters,
  type TokenIdReturnType,
  tokenId,
} from "./tokenId.js";
export {
  type TradeToProbabilityParameters,
  type TradeToProbabilityReturnType,
  largestFitting,
  tradeToProbability,
} from "./tradeToProbability.js";
export type { Market, Side } from "./types.js";
