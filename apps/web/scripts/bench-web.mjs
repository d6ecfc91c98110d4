// `npm run bench:web`: Lighthouse 13 (programmatic) with Debian's Chromium on the web app's
// production build, against a running local system: the proposals page, a proposal, the markets
// page and a market. Mobile (Lighthouse's default: emulated phone, simulated slow 4G and 4× CPU
// slowdown) and desktop presets. Writes bench/web-report.json and prints the scores.
//
//   MANDATE_WEB_URL=http://127.0.0.1:3000 npm run bench:web   # against a system already running
//   npm run bench:web                                         # starts one (e2e/system.ts): chain,
//                                                             # indexer, AI delegates, next start
//
// Targets: performance ≥ 90, accessibility ≥ 95. Runs: MANDATE_BENCH_RUNS (default 3, median kept);
// MANDATE_BENCH_PAGES=proposals,market and MANDATE_BENCH_PRESETS=mobile narrow a run down.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const webDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = process.env.MANDATE_CHROMIUM ?? "/usr/bin/chromium";
const RUNS = Number(process.env.MANDATE_BENCH_RUNS ?? "3");
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 20) {
  console.error(
    `MANDATE_BENCH_RUNS must be a whole number from 1 to 20, got "${process.env.MANDATE_BENCH_RUNS}"`,
  );
  process.exit(2);
}
const say = (line) => console.log(`[bench:web] ${line}`);

const ensure = spawnSync(process.execPath, [join(webDir, "scripts", "ensure-chromium.mjs")], {
  stdio: "inherit",
});
if (ensure.status !== 0) process.exit(ensure.status ?? 1);

let system = null;
let base = process.env.MANDATE_WEB_URL?.replace(/\/+$/, "");
if (base === undefined || base === "") {
  // The launcher builds the app when .next is missing or stale (a production build).
  const { startSystem } = await import("../e2e/system.ts");
  system = await startSystem({ logDir: join(webDir, "bench", "logs"), log: say });
  base = system.webUrl;
}

async function stopAll() {
  if (system) await system.stop();
}
process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));

/** Pages to measure: found from the app's own indexer proxy so ids are real. */
async function pages() {
  const only = process.env.MANDATE_BENCH_PAGES?.split(",").map((p) => p.trim());
  const all = await allPages();
  return only ? all.filter((p) => only.includes(p.name)) : all;
}

async function allPages() {
  const list = [
    { name: "proposals", path: "/proposals" },
    { name: "markets", path: "/markets" },
  ];
  try {
    const p = await (await fetch(`${base}/api/indexer/proposals?limit=1`)).json();
    if (p.proposals?.[0])
      list.splice(1, 0, { name: "proposal", path: `/proposals/${p.proposals[0].id}` });
    const m = await (
      await fetch(`${base}/api/indexer/markets?state=open&kind=general&limit=1`)
    ).json();
    if (m.markets?.[0]) list.push({ name: "market", path: `/markets/${m.markets[0].id}` });
  } catch {
    list.push({ name: "market", path: "/markets/5" });
  }
  return list;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
  ],
});

const results = [];
try {
  // Warm the server (first render compiles nothing in production, but fills caches).
  for (const p of await pages()) await fetch(`${base}${p.path}`).catch(() => {});
  for (const preset of (process.env.MANDATE_BENCH_PRESETS ?? "mobile,desktop").split(",")) {
    for (const page of await pages()) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const flags = {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility"],
        };
        const r = await lighthouse(
          `${base}${page.path}`,
          flags,
          preset === "desktop" ? desktopConfig : undefined,
        );
        const lhr = r?.lhr;
        if (!lhr) throw new Error(`Lighthouse returned no result for ${page.path}`);
        if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.message}`);
        const audit = (id) => lhr.audits[id]?.numericValue ?? null;
        runs.push({
          performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
          fcpMs: audit("first-contentful-paint"),
          lcpMs: audit("largest-contentful-paint"),
          tbtMs: audit("total-blocking-time"),
          cls: audit("cumulative-layout-shift"),
          speedIndexMs: audit("speed-index"),
          failedA11y: Object.values(lhr.categories.accessibility.auditRefs)
            .map((ref) => lhr.audits[ref.id])
            .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
            .map((a) => a.id),
        });
      }
      const pick = (k) => median(runs.map((r) => r[k]));
      const row = {
        preset,
        page: page.name,
        path: page.path,
        runs: runs.length,
        performance: pick("performance"),
        accessibility: pick("accessibility"),
        fcpMs: Math.round(pick("fcpMs")),
        lcpMs: Math.round(pick("lcpMs")),
        tbtMs: Math.round(pick("tbtMs")),
        cls: Number(pick("cls").toFixed(3)),
        speedIndexMs: Math.round(pick("speedIndexMs")),
        performanceRange: [
          Math.min(...runs.map((r) => r.performance)),
          Math.max(...runs.map((r) => r.performance)),
        ],
        failedAccessibilityAudits: [...new Set(runs.flatMap((r) => r.failedA11y))],
      };
      results.push(row);
      say(
        `${preset.padEnd(7)} ${page.name.padEnd(9)} performance ${row.performance} (${row.performanceRange.join("–")}), accessibility ${row.accessibility}; LCP ${row.lcpMs} ms, TBT ${row.tbtMs} ms, CLS ${row.cls}${row.failedAccessibilityAudits.length ? `; a11y failing: ${row.failedAccessibilityAudits.join(", ")}` : ""}`,
      );
    }
  }
} finally {
  await chrome.kill();
  await stopAll();
}

const report = {
  tool: "lighthouse 13 (programmatic), Debian Chromium headless",
  note: "mobile = Lighthouse defaults (emulated Moto G Power, simulated slow 4G, 4x CPU slowdown); desktop = Lighthouse's desktop preset. Median of the runs per page.",
  targets: { performance: 90, accessibility: 95 },
  base,
  runsPerPage: RUNS,
  results,
  meetsTargets: results.every((r) => r.performance >= 90 && r.accessibility >= 95),
};
mkdirSync(join(webDir, "bench"), { recursive: true });
writeFileSync(join(webDir, "bench", "web-report.json"), `${JSON.stringify(report, null, 2)}\n`);
say(
  `wrote bench/web-report.json; targets ${report.meetsTargets ? "met" : "NOT met"} on every page and preset`,
);
