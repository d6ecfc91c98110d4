/**
 * Everything the local demo chain needs, as one Ignition deployment: the markets (LMSRMarket and
 * CommitteeResolver, see Markets.ts) and the demo collateral (see DemoCollateral.ts: local only,
 * anyone can mint). Used by `npm run chain` (scripts/chain.ts); parameters go under "Markets".
 *
 *   npx hardhat ignition deploy ignition/modules/LocalChain.ts --network localhost \
 *     --parameters ignition/parameters/localhost.json
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import DemoCollateralModule from "./DemoCollateral.ts";
import MarketsModule from "./Markets.ts";

export default buildModule("LocalChain", (m) => {
  const { market, committeeResolver } = m.useModule(MarketsModule);
  const { demoCollateral } = m.useModule(DemoCollateralModule);
  return { market, committeeResolver, demoCollateral };
});
