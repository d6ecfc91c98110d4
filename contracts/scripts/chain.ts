/**
 * The local Mandate chain: a fresh in-memory Hardhat node with the markets deployed and seeded.
 *
 *   npm run chain                          # from the repository root or contracts/
 *   node scripts/chain.ts                  # from contracts/, with Node 22
 *   MANDATE_CHAIN_PORT=8546 npm run chain  # another port
 *
 * Environment:
 * - MANDATE_CHAIN_PORT        TCP port of the JSON-RPC server on 127.0.0.1 (default 8545).
 * - MANDATE_CHAIN_PARAMETERS  Ignition parameters file for the LocalChain module, e.g.
 *                             ignition/parameters/localhost-committee-2-of-3.json (default: the
 *                             first dev account alone is the committee, threshold 1).
 * - MANDATE_CHAIN_VERBOSE=1   Echo the node's own output (every JSON-RPC call).
 *
 * Steps: build the contracts (a no-op when up to date), start `hardhat node` as a child process,
 * wait for its RPC, deploy ignition/modules/LocalChain.ts with Ignition (no prompt), seed markets
 * and trades (scripts/seed.ts), write deployments/localhost.json, print a summary, and keep the
 * node running until Ctrl-C, which stops it.
 *
 * Every start is a fresh chain. On the default port the Ignition journal lives in
 * ignition/deployments/chain-31337 (gitignored) and is wiped before each deployment, so a journal
 * left by an earlier run (of a chain that no longer exists) never leaks into the new one; on any
 * other port it goes to a temporary directory removed on stop.
 *
 * As a library (the end-to-end tests, `npm start`):
 *
 *   import { startChain } from "@mandate/contracts/scripts/chain.ts";
 *   const chain = await startChain({ port: 8555, log: console.log, deploymentFile: null });
 *   ... chain.rpcUrl, chain.deployment ...
 *   await chain.stop();
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readDeploymentParameters } from "@nomicfoundation/hardhat-ignition/helpers";
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import { createHardhatRuntimeEnvironment, importUserConfig } from "hardhat/hre";
import { type Address, formatUnits, getAddress } from "viem";
import LocalChainModule from "../ignition/modules/LocalChain.ts";
import { type LocalDeployment, writeDeployment } from "./lib/deployment.ts";
import {
  DEFAULT_HOST,
  isPortFree,
  PORT_ENV,
  PortInUseError,
  portFromEnv,
  startHardhatNode,
} from "./lib/hardhat-node.ts";
import { deployIgnitionModule } from "./lib/ignition-deploy.ts";
import { localMandates } from "./lib/mandates.ts";
import { seedDemo } from "./seed.ts";
import { seedDao } from "./seed-dao.ts";
import { seedVault } from "./seed-vault.ts";

const contractsDir = fileURLToPath(new URL("..", import.meta.url));

export const DEFAULT_PORT = 8545;

/**
 * Governance settings of the local chain: votes open with the next block after a proposal (no
 * voting delay, so an agent can vote at once), last three days, and pass the timelock after one
 * day; proposing takes 100,000 MNDT (the seeded DAO votes on lowering it). Public deployments use
 * Governance.ts's defaults (a one-day delay, which also keeps the snapshot out of reach of
 * same-block token moves; on a local dev chain that does not matter).
 */
export const LOCAL_GOVERNANCE_PARAMETERS = {
  votingDelay: 0n,
  votingPeriod: 3n * 86_400n,
  timelockDelay: 86_400n,
  proposalThreshold: 100_000n * 10n ** 18n,
} as const;
export const DEFAULT_DEPLOYMENT_FILE = join(contractsDir, "deployments", "localhost.json");

export interface StartChainOptions {
  /** Port of the JSON-RPC server on 127.0.0.1. Default: $MANDATE_CHAIN_PORT, else 8545. */
  port?: number;
  /** Receives one line per step. Default: silent. */
  log?: (line: string) => void;
  /**
   * Where to write the deployment record. Default: deployments/localhost.json on the default port,
   * nowhere on any other; null: nowhere.
   * Tests should pass a temporary path (or null) so they never overwrite a developer's record.
   */
  deploymentFile?: string | null;
  /** Ignition parameters for LocalChain, or a path to a parameters JSON file. */
  parameters?: DeploymentParameters | string;
  /** Seed markets and trades (default true). */
  seed?: boolean;
  /** Echo the node's own output to stdout (default false). */
  echoNode?: boolean;
  /** Where the node's own output goes. Default: <os tmpdir>/mandate-chain-<port>.log. */
  nodeLogFile?: string;
}

export interface RunningChain {
  rpcUrl: string;
  deployment: LocalDeployment;
  /** Path the deployment record was written to, if any. */
  deploymentFile: string | null;
  /** The node's unlocked dev accounts, in order. */
  accounts: Address[];
  /** Where the node's own output goes. */
  nodeLogFile: string;
  /** viem helpers bound to this chain (public and wallet clients, typed contracts). */
  viem: HardhatViemHelpers;
  /** Stops the node and releases the port. Idempotent. */
  stop(): Promise<void>;
  /** Settles if the node exits on its own (it should not). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startChain(options: StartChainOptions = {}): Promise<RunningChain> {
  const log = options.log ?? (() => {});
  const port = options.port ?? portFromEnv(process.env[PORT_ENV]) ?? DEFAULT_PORT;
  // The committed record describes the chain on the default port. A chain on another port (tests,
  // a second system) has the same addresses (fixed deployer nonces) and writes no record unless
  // asked: the committed one would otherwise change with every test run.
  const deploymentFile =
    options.deploymentFile !== undefined
      ? options.deploymentFile
      : port === DEFAULT_PORT
        ? DEFAULT_DEPLOYMENT_FILE
        : null;
  const started = Date.now();
  const step = (line: string) => log(`${line} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  // Fail before the slow steps when the port is taken.
  if (!(await isPortFree(port, DEFAULT_HOST))) throw new PortInUseError(port, DEFAULT_HOST);

  step("loading the Hardhat project");
  const configPath = join(contractsDir, "hardhat.config.ts");
  const hre = await createHardhatRuntimeEnvironment(
    await importUserConfig(configPath),
    { config: configPath },
    contractsDir,
  );

  step("building the contracts (skipped when up to date)");
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });

  step(`starting hardhat node on ${DEFAULT_HOST}:${port}`);
  const node = await startHardhatNode({
    projectRoot: contractsDir,
    port,
    host: DEFAULT_HOST,
    logFile: options.nodeLogFile ?? join(tmpdir(), `mandate-chain-${port}.log`),
    echo: options.echoNode ?? false,
  });
  const cleanups: (() => Promise<void> | void)[] = [() => node.stop()];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    step(`node ready at ${node.rpcUrl}`);
    const connection = await hre.network.create({
      network: "localhost",
      override: { url: node.rpcUrl },
    });
    cleanups.push(() => connection.close());
    const chainId = Number(await connection.provider.request({ method: "eth_chainId" }));
    const accounts = (
      (await connection.provider.request({ method: "eth_accounts" })) as string[]
    ).map((a) => getAddress(a));
    const deployer = accounts[0];
    if (deployer === undefined) throw new Error("The node exposes no unlocked accounts.");

    // A fresh chain needs a fresh journal: an old one would describe contracts that do not exist.
    let journalDir: string;
    if (port === DEFAULT_PORT) {
      journalDir = join(hre.config.paths.ignition, "deployments", `chain-${chainId}`);
      rmSync(journalDir, { recursive: true, force: true });
    } else {
      journalDir = mkdtempSync(join(tmpdir(), "mandate-ignition-"));
      cleanups.push(() => rmSync(journalDir, { recursive: true, force: true }));
    }

    const given: DeploymentParameters =
      typeof options.parameters === "string"
        ? await readDeploymentParameters(resolve(options.parameters))
        : (options.parameters ?? {
            Markets: { members: [deployer], threshold: 1n, owner: deployer },
          });
    // The local governance settings apply unless the parameters override them one by one.
    const parameters: DeploymentParameters = {
      ...given,
      Governance: { ...LOCAL_GOVERNANCE_PARAMETERS, ...(given.Governance ?? {}) },
    };
    step("deploying LocalChain with Ignition");
    const deployed = await deployIgnitionModule(hre, connection, LocalChainModule, {
      parameters,
      deploymentDir: journalDir,
      log: (line) => log(`  ${line}`),
    });
    const record = (futureId: string) => {
      const c = deployed[futureId];
      if (c?.blockNumber === undefined)
        throw new Error(`Ignition reported no deployment of ${futureId}`);
      return { address: c.address, blockNumber: c.blockNumber };
    };
    const contracts = {
      LMSRMarket: record("Markets#LMSRMarket"),
      CommitteeResolver: record("Markets#CommitteeResolver"),
      DemoCollateral: record("DemoCollateral#DemoCollateral"),
      GovernanceToken: record("Governance#GovernanceToken"),
      TimelockController: record("Governance#TimelockController"),
      MandateGovernor: record("Governance#MandateGovernor"),
      AIDelegateRegistry: record("Governance#AIDelegateRegistry"),
      TradingVault: record("LocalChain#TradingVault"),
      GovernorResolver: record("LocalChain#GovernorResolver"),
      OptimisticResolver: record("LocalChain#OptimisticResolver"),
      PriceOracleProxy: record("LocalChain#PriceOracleProxy"),
    };
    const oracleProxyAdmin = deployed["LocalChain#PriceOracleProxyAdmin"]?.address;
    const oracleV2 = deployed["LocalChain#ExponentialPremiumPriceOracle"]?.address;
    if (oracleProxyAdmin === undefined || oracleV2 === undefined)
      throw new Error("Ignition reported no price oracle proxy admin or V2 implementation");

    let seededMarkets: LocalDeployment["seededMarkets"] = [];
    let dao: LocalDeployment["dao"] = null;
    let vault: LocalDeployment["vault"] = null;
    if (options.seed ?? true) {
      step("seeding the DAO: holders, AI delegates, proposals and their markets");
      dao = await seedDao(
        connection.viem,
        {
          market: contracts.LMSRMarket.address,
          demoCollateral: contracts.DemoCollateral.address,
          token: contracts.GovernanceToken.address,
          timelock: contracts.TimelockController.address,
          governor: contracts.MandateGovernor.address,
          registry: contracts.AIDelegateRegistry.address,
          governorResolver: contracts.GovernorResolver.address,
          oracleProxy: contracts.PriceOracleProxy.address,
          oracleProxyAdmin,
          oracleV2,
        },
        localMandates(),
        { log: (line) => log(`  ${line}`) },
      );
      step("seeding markets and trades");
      const seeded = await seedDemo(
        connection.viem,
        {
          market: contracts.LMSRMarket.address,
          committeeResolver: contracts.CommitteeResolver.address,
          demoCollateral: contracts.DemoCollateral.address,
        },
        { log: (line) => log(`  ${line}`) },
      );
      seededMarkets = seeded.markets;
      step("seeding the trading vault: a holder's deposit and an AI trader's policy");
      vault = await seedVault(
        connection.viem,
        { vault: contracts.TradingVault.address, demoCollateral: contracts.DemoCollateral.address },
        { log: (line) => log(`  ${line}`) },
      );
    }

    const deployment: LocalDeployment = {
      chainId,
      rpcUrl: node.rpcUrl,
      contracts,
      seededMarkets,
      dao,
      vault,
    };
    if (deploymentFile !== null) writeDeployment(deploymentFile, deployment);
    step("ready");
    return {
      rpcUrl: node.rpcUrl,
      deployment,
      deploymentFile,
      accounts,
      nodeLogFile: node.logFile,
      viem: connection.viem,
      stop,
      exited: node.exited,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ------------------------------------------------------------------ CLI

const ROLES: Record<number, string> = {
  0: "deployer, proposer, market creator",
  1: "trader",
  2: "trader",
  3: "trader",
  4: "trader",
  5: "trader",
  6: "trader",
  7: "funded with mUSD, market not approved yet",
  8: "funded with mUSD, trades the proposal markets (market approved by the DAO seed)",
  9: "funded with mUSD, market not approved yet",
};

async function printSummary(chain: RunningChain, seconds: number) {
  const { deployment, viem } = chain;
  const market = await viem.getContractAt("LMSRMarket", deployment.contracts.LMSRMarket.address);
  const committee = await viem.getContractAt(
    "CommitteeResolver",
    deployment.contracts.CommitteeResolver.address,
  );
  const members = new Set((await committee.read.members()).map((a) => a.toLowerCase()));
  const owner = (await committee.read.owner()).toLowerCase();
  const out: string[] = [];
  out.push("", `Mandate local chain ready in ${seconds.toFixed(1)} s`, "");
  out.push(`  RPC URL   ${deployment.rpcUrl}   (chain id ${deployment.chainId})`, "");
  out.push("  Contracts");
  const notes: Partial<Record<keyof LocalDeployment["contracts"], string>> = {
    CommitteeResolver: await committee.read.describe(),
    DemoCollateral: "mUSD, 6 decimals (demo only: anyone can mint)",
    GovernanceToken: "MNDT, 18 decimals, votes",
    TimelockController: "the treasury; executes passed proposals",
    PriceOracleProxy: "demo only: the upgrade proposal's target",
  };
  for (const [name, c] of Object.entries(deployment.contracts)) {
    const note = notes[name as keyof LocalDeployment["contracts"]];
    out.push(
      `    ${name.padEnd(19)}${c.address}  block ${c.blockNumber}${note ? `  ${note}` : ""}`,
    );
  }
  const dao = deployment.dao;
  if (dao !== null) {
    out.push("", "  Governance (seeded from real ENS DAO proposals)");
    for (const d of dao.delegates) {
      out.push(
        `    AI delegate #${d.delegateId} ${d.name}: delegate to ${d.instance}, operator ${d.operator}`,
      );
    }
    for (const p of dao.proposals) {
      out.push(`    ${p.key} ${p.title}`);
      out.push(`       ${p.state}; ${p.kind}; proposal market #${p.marketId}; id ${p.proposalId}`);
    }
  }
  if (deployment.seededMarkets.length > 0) {
    out.push("", "  General markets");
    for (const m of deployment.seededMarkets) {
      const prices = await market.read.prices([BigInt(m.marketId)]);
      const odds = m.outcomes
        .map(
          (label, i) => `${label} ${(Number(formatUnits(prices[i] ?? 0n, 18)) * 100).toFixed(1)}%`,
        )
        .join(" · ");
      out.push(`    #${m.marketId} ${m.question}`);
      out.push(
        m.state === "open"
          ? `       open, closes in ${m.closesInDays} days; ${m.trades} trades; ${odds}`
          : `       ${m.state}${m.resolvedOutcome === undefined ? "" : `: ${m.outcomes[m.resolvedOutcome]} won`}; ${m.trades} trades`,
      );
    }
  }
  out.push(
    "",
    "  Dev accounts (Hardhat's publicly known test accounts: never use them on a real network)",
  );
  const daoRoles = new Map<string, string[]>();
  const addRole = (a: string, role: string) =>
    daoRoles.set(a.toLowerCase(), [...(daoRoles.get(a.toLowerCase()) ?? []), role]);
  for (const h of dao?.holders ?? []) {
    const to = h.delegatedTo?.toLowerCase();
    const aiDelegate = dao?.delegates.find((d) => d.instance.toLowerCase() === to);
    const mndt = Number(formatUnits(BigInt(h.balance), 18)).toLocaleString("en-US");
    const delegation =
      to === undefined
        ? "not delegated"
        : to === h.account.toLowerCase()
          ? "self-delegated"
          : aiDelegate
            ? `delegated to AI ${aiDelegate.name}`
            : `delegated to ${h.delegatedTo}`;
    addRole(h.account, `${mndt} MNDT ${delegation}`);
  }
  for (const d of dao?.delegates ?? []) addRole(d.operator, `operator of AI delegate ${d.name}`);
  const vault = deployment.vault;
  if (vault !== null) {
    addRole(vault.holder, "5,000 mUSD in the trading vault");
    addRole(vault.agent, `AI trader for ${vault.holder.slice(0, 8)}…'s vault`);
  }
  chain.accounts.slice(0, 13).forEach((address, i) => {
    const a = address.toLowerCase();
    const roles = [
      ROLES[i],
      ...(daoRoles.get(a) ?? []),
      a === owner && "committee owner",
      members.has(a) && "committee member",
    ].filter(Boolean);
    out.push(`    #${i} ${address}  ${roles.join(", ")}`);
  });
  if (chain.accounts.length > 13)
    out.push(`    … and ${chain.accounts.length - 13} more unlocked accounts`);
  out.push("");
  if (chain.deploymentFile !== null)
    out.push(`  Deployment record: ${relative(process.cwd(), chain.deploymentFile)}`);
  out.push(`  Node log:          ${chain.nodeLogFile}`, "", "Press Ctrl-C to stop the chain.");
  console.log(out.join("\n"));
}

async function main() {
  const started = Date.now();
  const log = (line: string) => console.log(`[chain] ${line}`);
  let chain: RunningChain;
  try {
    chain = await startChain({
      log,
      parameters: process.env.MANDATE_CHAIN_PARAMETERS || undefined,
      echoNode: process.env.MANDATE_CHAIN_VERBOSE === "1",
    });
  } catch (error) {
    console.error(
      `\n[chain] ${error instanceof PortInUseError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  }
  await printSummary(chain, (Date.now() - started) / 1000);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[chain] ${signal}: stopping the node…`);
    await chain.stop();
    console.log("[chain] stopped.");
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => void shutdown(signal));
  const exit = await chain.exited;
  // Ctrl-C reaches the node too (same process group); only an exit we did not ask for is an error.
  await new Promise((r) => setTimeout(r, 250));
  if (!stopping) {
    console.error(
      `[chain] the node exited on its own (code ${exit.code ?? "none"}, signal ${exit.signal ?? "none"}); see ${chain.nodeLogFile}`,
    );
    await chain.stop();
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
