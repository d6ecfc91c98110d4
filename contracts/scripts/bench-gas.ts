/**
 * Gas benchmark: receipt gasUsed of every market action at n = 2, 8, 32 and 256 outcomes, on an
 * in-process Hardhat network. Prints a table and writes contracts/gas-report.json.
 *
 *   npm run bench:gas                    # measure, print, write the report
 *   MANDATE_GAS_CHECK=1 npm run bench:gas  # measure and fail if any figure rose above the report (run by npm test)
 *
 * What each row measures (a trader always holds collateral and has approved the market once):
 * - create: a market created after another already exists (the singleton's first market also pays
 *   for its counter and its first collateral balance, once per deployment).
 * - firstBuy: the first purchase of an outcome nobody has traded, by a trader holding no shares of
 *   it: the outcome's supply and the trader's balance both go from zero to non-zero.
 * - repeatBuy: the same trader buys the same outcome again.
 * - sell: that trader sells part of the position.
 * - buyWithCollateral: the trader spends an exact collateral amount on the same outcome.
 * - redeem: after resolution the trader redeems part of the winning position.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import { type GasRow, measureMarketGas, OUTCOME_COUNTS } from "./gas.ts";

const reportPath = fileURLToPath(new URL("../gas-report.json", import.meta.url));
const check = process.env.MANDATE_GAS_CHECK === "1";

const { viem } = await network.create();
const rows: GasRow[] = await measureMarketGas(viem);

console.table(
  rows.map((r) => ({
    n: r.outcomes,
    ...Object.fromEntries(Object.entries(r.gas).map(([k, v]) => [k, Number(v)])),
  })),
);

if (check) {
  const committed = JSON.parse(readFileSync(reportPath, "utf8")) as { markets: GasRow[] };
  const regressions: string[] = [];
  for (const row of rows) {
    const before = committed.markets.find((r) => r.outcomes === row.outcomes);
    for (const [action, gas] of Object.entries(row.gas)) {
      const old = before?.gas[action as keyof GasRow["gas"]];
      if (old === undefined || gas > old)
        regressions.push(`n=${row.outcomes} ${action}: ${old ?? "missing"} -> ${gas}`);
    }
  }
  if (regressions.length > 0) {
    console.error(`Gas rose above contracts/gas-report.json:\n  ${regressions.join("\n  ")}`);
    console.error(
      "If the increase is intended, run `npm run bench:gas` and commit the new report.",
    );
    process.exit(1);
  }
  console.log("No gas regression against contracts/gas-report.json.");
} else {
  const report = {
    generatedBy: "npm run bench:gas",
    measure: "receipt gasUsed on an in-process Hardhat network (cancun)",
    targets: { repeatBuy: 80_000, firstBuy: 100_000, create: 150_000 },
    markets: rows,
  };
  writeFileSync(
    reportPath,
    `${JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 2)}\n`,
  );
  console.log(`Wrote ${reportPath}`);
}
