/**
 * Demo collateral for the local chain: MockERC20 "Mandate Demo USD" (mUSD), 6 decimals.
 *
 * LOCAL AND DEMO USE ONLY. NEVER DEPLOY THIS MODULE TO A PUBLIC NETWORK: `mint` is open to anyone,
 * so the token has no value and any market using it can be drained by minting. Public deployments
 * use a real stablecoin as collateral and do not deploy this module.
 *
 *   npx hardhat ignition deploy ignition/modules/DemoCollateral.ts --network localhost
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export const DEMO_COLLATERAL = { name: "Mandate Demo USD", symbol: "mUSD", decimals: 6 } as const;

export default buildModule("DemoCollateral", (m) => {
  const demoCollateral = m.contract(
    "MockERC20",
    [DEMO_COLLATERAL.name, DEMO_COLLATERAL.symbol, DEMO_COLLATERAL.decimals],
    { id: "DemoCollateral" },
  );
  return { demoCollateral };
});
