/**
 * Everything the local demo chain needs, as one Ignition deployment: the whole system of
 * Mandate.ts (markets, governance, registry, vault, governor and optimistic resolvers) around the
 * demo collateral (DemoCollateral.ts: local only, anyone can mint). Used by `npm run chain`
 * (scripts/chain.ts); parameters go under "Markets", "Governance" and "LocalChain" (the latter
 * takes Mandate.ts's parameters except `collateral`).
 *
 * Demo only: a name-premium price oracle (src/demo/PremiumPriceOracle.sol) behind an OpenZeppelin
 * TransparentUpgradeableProxy whose ProxyAdmin the timelock owns, so the seeded DAO has a real
 * contract upgrade to vote on (ProxyAdmin.upgradeAndCall to the exponential version).
 *
 *   npx hardhat ignition deploy ignition/modules/LocalChain.ts --network localhost \
 *     --parameters ignition/parameters/localhost.json
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeFunctionData, parseAbi } from "viem";
import DemoCollateralModule from "./DemoCollateral.ts";
import GovernanceModule from "./Governance.ts";
import { deployPeripherals } from "./Mandate.ts";
import MarketsModule from "./Markets.ts";

export default buildModule("LocalChain", (m) => {
  const { market, committeeResolver } = m.useModule(MarketsModule);
  const { demoCollateral } = m.useModule(DemoCollateralModule);
  const { token, timelock, governor, registry } = m.useModule(GovernanceModule);
  const peripherals = deployPeripherals(m, { market, governor, timelock }, demoCollateral);

  const oracleV1 = m.contract("LinearPremiumPriceOracle");
  const oracleV2 = m.contract("ExponentialPremiumPriceOracle");
  // OpenZeppelin 5.5+ proxies refuse empty init data; the oracle has no state to initialize, so
  // the init call is its harmless `version()` view.
  const oracleInit = encodeFunctionData({
    abi: parseAbi(["function version() pure returns (uint256)"]),
    functionName: "version",
  });
  const oracleProxy = m.contract("TransparentUpgradeableProxy", [oracleV1, timelock, oracleInit], {
    id: "PriceOracleProxy",
  });
  const oracleProxyAdmin = m.contractAt(
    "ProxyAdmin",
    m.readEventArgument(oracleProxy, "AdminChanged", "newAdmin"),
    { id: "PriceOracleProxyAdmin" },
  );
  return {
    market,
    committeeResolver,
    demoCollateral,
    token,
    timelock,
    governor,
    registry,
    ...peripherals,
    oracleV1,
    oracleV2,
    oracleProxy,
    oracleProxyAdmin,
  };
});
