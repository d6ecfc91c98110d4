/**
 * The whole Mandate system in one deployment: markets (Markets.ts), governance (Governance.ts),
 * the trading vault, proposal markets resolved from the governor, and the optimistic resolver whose
 * disputes the DAO settles through its timelock.
 *
 *   npx hardhat ignition deploy ignition/modules/Mandate.ts --network <net> --parameters <file>
 *
 * Parameters (module id "Mandate"), plus those of "Markets" and "Governance":
 * - `collateral`            address   ERC-20 of proposal markets and optimistic bonds. Required.
 * - `proposalMarketFeeBps`  uint      Fee of proposal markets, default 100 (1%).
 * - `proposalMarketMinLiquidity` uint Smallest b of a proposal market, collateral base units;
 *                                     default 100e6 (100 units of a 6-decimal stablecoin).
 * - `minBond`               uint      Smallest optimistic proposal bond, default 500e6.
 * - `challengeWindow`       uint      Seconds to dispute an optimistic answer, default 2 days.
 *
 * The local chain deploys the same system around demo collateral (LocalChain.ts); both build it
 * with `deployPeripherals` so there is one definition of how the parts are wired.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  ContractFuture,
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
} from "@nomicfoundation/ignition-core";
import GovernanceModule from "./Governance.ts";
import MarketsModule from "./Markets.ts";

type AnyContract = ContractFuture<string>;

/** Vault and resolvers around a deployed market and governance, for `collateral`. */
export function deployPeripherals(
  m: IgnitionModuleBuilder,
  parts: { market: AnyContract; governor: AnyContract; timelock: AnyContract },
  collateral: AnyContract | ModuleParameterRuntimeValue<string>,
) {
  const vault = m.contract("TradingVault", [parts.market]);
  const governorResolver = m.contract("GovernorResolver", [
    parts.market,
    parts.governor,
    collateral,
    m.getParameter("proposalMarketFeeBps", 100n),
    m.getParameter("proposalMarketMinLiquidity", 100n * 10n ** 6n),
  ]);
  const optimisticResolver = m.contract("OptimisticResolver", [
    parts.market,
    collateral,
    m.getParameter("minBond", 500n * 10n ** 6n),
    m.getParameter("challengeWindow", 2n * 86_400n),
    parts.timelock,
  ]);
  return { vault, governorResolver, optimisticResolver };
}

export default buildModule("Mandate", (m) => {
  const { market, committeeResolver } = m.useModule(MarketsModule);
  const { token, timelock, governor, registry } = m.useModule(GovernanceModule);
  const collateral = m.getParameter<string>("collateral");
  const peripherals = deployPeripherals(m, { market, governor, timelock }, collateral);
  return { market, committeeResolver, token, timelock, governor, registry, ...peripherals };
});
