/**
 * Mandate's prediction markets: the LMSRMarket singleton and a CommitteeResolver for it.
 *
 * Parameters (module id "Markets"):
 * - `members`   address[]  The committee. Required: Ignition cannot default an address list to the
 *                          deploying account (a list default cannot hold `m.getAccount(0)`), and on a
 *                          public network the committee should be chosen explicitly anyway. For the
 *                          "owner resolver" pass the deployer alone, as ignition/parameters/localhost.json
 *                          does for the local node; `npm run chain` computes it from the node's accounts.
 * - `threshold` uint256    Matching votes that settle a market. Default 1.
 * - `owner`     address    Administers the committee (members, threshold). Default: the deployer.
 *
 *   npx hardhat ignition deploy ignition/modules/Markets.ts --network localhost \
 *     --parameters ignition/parameters/localhost.json
 *
 * The market is collateral-agnostic (each market names its ERC-20); deploy demo collateral for a
 * local chain with DemoCollateral.ts, or everything at once with LocalChain.ts.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("Markets", (m) => {
  const market = m.contract("LMSRMarket");

  const members = m.getParameter<string[]>("members");
  const threshold = m.getParameter("threshold", 1n);
  const owner = m.getParameter("owner", m.getAccount(0));
  const committeeResolver = m.contract("CommitteeResolver", [market, members, threshold, owner]);

  return { market, committeeResolver };
});
