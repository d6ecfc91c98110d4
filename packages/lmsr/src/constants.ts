/**
 * Constants of `contracts/src/LMSRMarket.sol` that the market-level arithmetic depends on.
 * The X128 constants of the math library (`ONE`, `MAX_LOG_SUM`, ...) live in `math.ts`.
 */

/** 1.0 as a WAD price (prices are WAD: 1e18 == probability 1). */
export const WAD = 10n ** 18n;
/** Basis points in 100 %. */
export const BPS = 10_000n;
/** Highest trading fee a market may charge, in basis points (`MAX_FEE_BPS`). */
export const MAX_FEE_BPS = 1_000n;
/** Fewest outcomes a market may have. */
export const MIN_OUTCOMES = 2n;
/** Most outcomes a market may have (`MAX_OUTCOMES`). */
export const MAX_OUTCOMES = 256n;
/** Every outcome's supply stays below this (`MAX_SHARES` = 2^128). */
export const MAX_SHARES = 1n << 128n;
/** Largest liquidity parameter b (`type(uint96).max`). */
export const MAX_LIQUIDITY = (1n << 96n) - 1n;
/** Largest collateral pool of one market (`type(uint120).max`). */
export const MAX_POOL = (1n << 120n) - 1n;
/** Largest uint256. */
export const MAX_UINT256 = (1n << 256n) - 1n;
/** Largest market id whose token ids do not overflow 256 bits. */
export const MAX_MARKET_ID = (1n << 248n) - 1n;
