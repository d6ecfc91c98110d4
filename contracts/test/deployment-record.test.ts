/**
 * scripts/deployment-record.ts against a real Ignition journal: ignition/modules/Mandate.ts is
 * deployed to a `hardhat node` on a free port with the journal in a temporary directory (the
 * repository's ignition/deployments and deployments/ are never touched), then the record is
 * written by the command line and checked against the chain and the indexer's loader. Every
 * refusal is checked too, with nothing written.
 *
 *   npx hardhat test nodejs test/deployment-record.test.ts
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import hre from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, createPublicClient, getAddress, http } from "viem";
import { loadDeployment } from "../../apps/indexer/src/lib/deployment.ts";
import MandateModule from "../ignition/modules/Mandate.ts";
import {
  type DeploymentRecord,
  main,
  RECORDED_CONTRACTS,
  renderRecord,
} from "../scripts/deployment-record.ts";
import { freePort, type HardhatNode, startHardhatNode } from "../scripts/lib/hardhat-node.ts";
import { type DeployedContractInfo, deployIgnitionModule } from "../scripts/lib/ignition-deploy.ts";

const contractsDir = fileURLToPath(new URL("..", import.meta.url));
const script = join(contractsDir, "scripts", "deployment-record.ts");

/** The nine contracts of Mandate.ts, as docs/operators.md lists them. */
const NINE = [
  "LMSRMarket",
  "CommitteeResolver",
  "GovernanceToken",
  "TimelockController",
  "MandateGovernor",
  "AIDelegateRegistry",
  "TradingVault",
  "GovernorResolver",
  "OptimisticResolver",
];

/** Runs main() in-process and captures its output. */
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("deployment record from an Ignition journal (scripts/deployment-record.ts)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mandate-deployment-record-"));
  const journalDir = join(dir, "ignition", "chain-31337");
  let node: HardhatNode | undefined;
  let connection: NetworkConnection | undefined;
  let deployed: Record<string, DeployedContractInfo> = {};
  let parameters: DeploymentParameters = {};
  let n = 0;
  /** A fresh output path in the temporary directory. */
  const outPath = () => join(dir, "out", `record-${++n}.json`);
  /** A copy of the real deployment directory whose journal lines `edit` rewrites. */
  const editedCopy = (edit: (lines: string[]) => string[]) => {
    const copy = join(dir, `copy-${++n}`);
    cpSync(journalDir, copy, { recursive: true });
    const file = join(copy, "journal.jsonl");
    writeFileSync(file, edit(readFileSync(file, "utf8").split("\n")).join("\n"));
    return copy;
  };

  before(async () => {
    const port = await freePort();
    node = await startHardhatNode({
      projectRoot: contractsDir,
      port,
      logFile: join(dir, "node.log"),
    });
    connection = await hre.network.create({
      network: "localhost",
      override: { url: node.rpcUrl },
    });
    const [deployer] = await connection.viem.getWalletClients();
    assert.ok(deployer);
    const usd = await connection.viem.deployContract("MockERC20", ["Test USD", "tUSD", 6]);
    parameters = {
      Markets: { members: [deployer.account.address] },
      Mandate: { collateral: usd.address },
    };
    deployed = await deployIgnitionModule(hre, connection, MandateModule, {
      parameters,
      deploymentDir: journalDir,
    });
  });

  after(async () => {
    await connection?.close();
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records exactly the nine contracts Mandate.ts returns", () => {
    assert.deepEqual(
      RECORDED_CONTRACTS.map((c) => c.name),
      NINE,
    );
    for (const { name, futureId } of RECORDED_CONTRACTS) {
      assert.equal(deployed[futureId]?.contractName, name, `${futureId} deploys ${name}`);
    }
  });

  it("writes the record from the real journal (command line, checked with --rpc-url)", async () => {
    assert.ok(node);
    assert.ok(existsSync(join(journalDir, "journal.jsonl")), "Ignition wrote a journal");
    const out = join(dir, "deployments", "testnet.json");
    // The real entry point, as `npm run deployment-record` runs it.
    const result = spawnSync(
      process.execPath,
      [script, "--deployment-dir", journalDir, "--out", out, "--rpc-url", node.rpcUrl],
      { cwd: contractsDir, encoding: "utf8" },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /wrote .*testnet\.json: chain 31337, 9 contracts/);
    assert.match(result.stdout, /checked on http:\/\/127\.0\.0\.1:\d+: chain id/);

    const text = readFileSync(out, "utf8");
    const record = JSON.parse(text) as DeploymentRecord;
    assert.equal(text, renderRecord(record), "two-space JSON with a final newline");
    assert.deepEqual(Object.keys(record), ["chainId", "contracts"]);
    assert.equal(record.chainId, 31337);
    assert.deepEqual(Object.keys(record.contracts), NINE);

    // Against the chain, with a plain viem client.
    const client = createPublicClient({ transport: http(node.rpcUrl) });
    for (const { name, futureId } of RECORDED_CONTRACTS) {
      const entry = record.contracts[name];
      assert.ok(entry, name);
      const { address, blockNumber } = entry;
      const expected = deployed[futureId];
      assert.equal(address, getAddress(address), `${name} address is checksummed`);
      assert.equal(address, expected?.address, `${name} is where Ignition deployed it`);
      assert.equal(blockNumber, expected?.blockNumber, `${name}'s block is its receipt's`);
      const code = await client.getCode({ address: address as Address });
      assert.ok(code !== undefined && code.length > 2, `${name} has code`);
      const atCreation = await client.getCode({
        address: address as Address,
        blockNumber: BigInt(blockNumber),
      });
      const before = await client.getCode({
        address: address as Address,
        blockNumber: BigInt(blockNumber - 1),
      });
      assert.ok(atCreation !== undefined && atCreation.length > 2, `${name} exists at its block`);
      assert.ok(before === undefined || before === "0x", `${name} not before its block`);
    }

    // The indexer's loader accepts it as MANDATE_DEPLOYMENT_FILE.
    const loaded = loadDeployment({ MANDATE_DEPLOYMENT_FILE: out }, { contracts: {} });
    assert.equal(loaded.chainId, 31337);
    for (const [name, c] of Object.entries(loaded.contracts)) {
      assert.deepEqual(c, record.contracts[name], `indexer reads ${name}`);
    }
  });

  it("prints usage for --help and refuses bad usage with exit code 2", async () => {
    const help = spawnSync(process.execPath, [script, "--help"], {
      cwd: contractsDir,
      encoding: "utf8",
    });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /--deployment-dir DIR/);
    assert.match(help.stdout, /--rpc-url URL/);
    assert.match(help.stdout, /--force/);

    assert.equal((await run(["--out", outPath()])).code, 2);
    assert.match((await run(["--out", outPath()])).stderr, /--deployment-dir is required/);
    assert.match((await run(["--deployment-dir", journalDir])).stderr, /--out is required/);
    assert.match((await run(["--deployment-dir"])).stderr, /--deployment-dir needs a value/);
    const unknown = await run(["--deployment-dir", journalDir, "--out", outPath(), "--network"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown argument "--network"/);
  });

  it("refuses a missing directory or journal, naming the path", async () => {
    const missing = join(dir, "no-such-deployment");
    const out = outPath();
    const r1 = await run(["--deployment-dir", missing, "--out", out]);
    assert.equal(r1.code, 1);
    assert.match(r1.stderr, /The deployment directory .*no-such-deployment does not exist/);

    const empty = join(dir, "empty-deployment");
    mkdirSync(empty);
    const r2 = await run(["--deployment-dir", empty, "--out", out]);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /empty-deployment has no journal\.jsonl/);
    assert.equal(existsSync(out), false, "nothing written");
  });

  it("refuses a line that is not JSON, with its line number", async () => {
    const copy = editedCopy((lines) => lines.map((l, i) => (i === 4 ? l.slice(0, 20) : l)));
    const out = outPath();
    const r = await run(["--deployment-dir", copy, "--out", out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /journal\.jsonl line 5 is not valid JSON/);
    assert.equal(existsSync(out), false, "nothing written");
  });

  it("refuses a journal of another module", async () => {
    const copy = editedCopy((lines) => lines.filter((l) => l.includes("DEPLOYMENT_INITIALIZE")));
    const r = await run(["--deployment-dir", copy, "--out", outPath()]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not a deployment of ignition\/modules\/Mandate\.ts/);
  });

  it("names what a half-finished deployment lacks, and the record follows once it is resumed", async () => {
    // As if the process died right after sending OptimisticResolver's deployment.
    const copy = editedCopy((lines) => {
      const sent = lines.findIndex(
        (l) => l.includes('"TRANSACTION_SEND"') && l.includes("Mandate#OptimisticResolver"),
      );
      assert.ok(sent > 0, "the journal sends OptimisticResolver");
      return lines.slice(0, sent + 1);
    });
    const out = outPath();
    const r = await run(["--deployment-dir", copy, "--out", out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not finished/);
    assert.match(
      r.stderr,
      /OptimisticResolver \(Mandate#OptimisticResolver\): transaction sent, not confirmed/,
    );
    assert.match(r.stderr, /npx hardhat ignition deploy ignition\/modules\/Mandate\.ts/);
    assert.equal(existsSync(out), false, "nothing written");

    // Resuming (the same deployment, same parameters, same journal) finishes it. A new connection:
    // the first one's idle keep-alive sockets may have been closed by the node meanwhile.
    assert.ok(node);
    const resuming = await hre.network.create({
      network: "localhost",
      override: { url: node.rpcUrl },
    });
    try {
      await deployIgnitionModule(hre, resuming, MandateModule, { parameters, deploymentDir: copy });
    } finally {
      await resuming.close();
    }
    const resumed = await run(["--deployment-dir", copy, "--out", out]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const record = JSON.parse(readFileSync(out, "utf8")) as DeploymentRecord;
    assert.equal(
      record.contracts.OptimisticResolver?.address,
      deployed["Mandate#OptimisticResolver"]?.address,
      "no second OptimisticResolver",
    );
  });

  it("names every contract and call a deployment stopped early has not done", async () => {
    // As if it stopped once the timelock was deployed: the market, the role grants… never ran.
    const copy = editedCopy((lines) => {
      const done = lines.findIndex(
        (l) =>
          l.includes('"DEPLOYMENT_EXECUTION_STATE_COMPLETE"') &&
          l.includes("Governance#TimelockController"),
      );
      assert.ok(done > 0, "the journal completes the timelock");
      return lines.slice(0, done + 1);
    });
    const r = await run(["--deployment-dir", copy, "--out", outPath()]);
    assert.equal(r.code, 1);
    for (const name of NINE.filter((c) => c !== "GovernanceToken" && c !== "TimelockController")) {
      assert.match(r.stderr, new RegExp(`- ${name} \\([A-Za-z]+#${name}\\): not started`));
    }
    assert.match(r.stderr, /- Governance#RenounceTimelockAdmin \(call\): not started/);
    assert.doesNotMatch(r.stderr, /- GovernanceToken /);
  });

  it("says a failed part must be wiped before it is deployed again", async () => {
    const copy = editedCopy((lines) =>
      lines.map((l) =>
        l.includes('"DEPLOYMENT_EXECUTION_STATE_COMPLETE"') &&
        l.includes("Mandate#GovernorResolver")
          ? JSON.stringify({
              futureId: "Mandate#GovernorResolver",
              result: { type: "REVERTED_TRANSACTION", txHash: "0xabc" },
              type: "DEPLOYMENT_EXECUTION_STATE_COMPLETE",
            })
          : l,
      ),
    );
    const r = await run(["--deployment-dir", copy, "--out", outPath()]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /- GovernorResolver \(Mandate#GovernorResolver\): failed \(REVERTED_TRANSACTION: 0xabc\)/,
    );
    assert.match(r.stderr, /npx hardhat ignition wipe copy-\d+ <future id>/);
  });

  it("refuses to replace an existing record unless --force", async () => {
    const out = outPath();
    mkdirSync(join(out, ".."), { recursive: true });
    writeFileSync(out, "keep me\n");
    const r = await run(["--deployment-dir", journalDir, "--out", out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /already exists; nothing was written\. Pass --force/);
    assert.equal(readFileSync(out, "utf8"), "keep me\n");

    const forced = await run(["--deployment-dir", journalDir, "--out", out, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal((JSON.parse(readFileSync(out, "utf8")) as DeploymentRecord).chainId, 31337);
  });

  it("refuses a node on another chain id (--rpc-url)", async () => {
    assert.ok(node);
    const copy = editedCopy((lines) =>
      lines.map((l) => l.replace('"chainId":31337', '"chainId":11155111')),
    );
    const out = outPath();
    const r = await run(["--deployment-dir", copy, "--out", out, "--rpc-url", node.rpcUrl]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /Chain id mismatch: the journal is a deployment on chain 11155111, but the node at http:\/\/127\.0\.0\.1:\d+ \(--rpc-url\) is chain 31337/,
    );
    assert.equal(existsSync(out), false, "nothing written");
  });

  it("refuses a block number the chain does not confirm (--rpc-url)", async () => {
    assert.ok(node);
    const block = deployed["Markets#LMSRMarket"]?.blockNumber;
    assert.ok(block !== undefined);
    const copy = editedCopy((lines) =>
      lines.map((l) =>
        l.includes('"TRANSACTION_CONFIRM"') && l.includes("Markets#LMSRMarket")
          ? l.replace(`"blockNumber":${block},`, `"blockNumber":${block + 1000},`)
          : l,
      ),
    );
    const out = outPath();
    const r = await run(["--deployment-dir", copy, "--out", out, "--rpc-url", node.rpcUrl]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(
        `LMSRMarket: created in block ${block} on the chain, the journal says ${block + 1000}`,
      ),
    );
    assert.equal(existsSync(out), false, "nothing written");
  });

  it("refuses deployed_addresses.json that disagrees with the journal", async () => {
    const copy = editedCopy((lines) => lines);
    const file = join(copy, "deployed_addresses.json");
    const addresses = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    addresses["Governance#MandateGovernor"] = "0x000000000000000000000000000000000000dEaD";
    writeFileSync(file, JSON.stringify(addresses));
    const r = await run(["--deployment-dir", copy, "--out", outPath()]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /deployed_addresses\.json disagrees with the journal \(MandateGovernor/);
  });

  it("names an unreachable node without printing its URL's path", async () => {
    const closed = await freePort();
    const out = outPath();
    const r = await run([
      "--deployment-dir",
      journalDir,
      "--out",
      out,
      "--rpc-url",
      `http://127.0.0.1:${closed}/v2/secret-api-key`,
    ]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(`Cannot reach the node at http://127\\.0\\.0\\.1:${closed}/…`),
    );
    assert.doesNotMatch(r.stderr, /secret-api-key/);
    assert.equal(existsSync(out), false, "nothing written");
  });
});
