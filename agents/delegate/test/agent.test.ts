/**
 * The delegate runtime end to end, on a real local chain (contracts/scripts/chain.ts: deployed and
 * seeded DAO) with real signing (viem, Hardhat dev keys) and the embedded PGlite store in temp
 * directories. One chain for the whole file; the tests run in order and build on each other:
 *
 *   config errors → dry run → Builder votes P4 → rerun is a no-op → Steward (votes or asks, with
 *   the webhook) → crash after broadcast / before broadcast → a failing analysis is skipped →
 *   a proposal created while the delegate runs is voted.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { aiDelegateRegistryAbi, mandateGovernorAbi } from "@mandate/abis";
import { encryptKeystore } from "@mandate/config";
import { decide, type Facts } from "@mandate/mandate";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  http,
  type PublicClient,
  parseAbi,
  parseUnits,
  toHex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectDelegate,
  type DelegateConfig,
  type DelegateSetup,
  formatRationale,
  HARDHAT_MNEMONIC,
  loadDelegateConfig,
  MandateMismatchError,
  OperatorMismatchError,
  type RunDelegateOptions,
  type RunDelegateResult,
  reasonCodeFor,
  runDelegate,
  UnknownDelegateError,
} from "../src/agent/index.js";
import { main } from "../src/cli.js";
import { EngineUnavailableError } from "../src/engines/fallback.js";
import { createOfflineEngine } from "../src/engines/offline/index.js";
import { openDecisionStore, summaryHash } from "../src/store/index.js";
import type { Engine, ProposalInput } from "../src/types.js";

// The chain helpers are loaded at run time so tsc does not type-check the contracts package.
interface RunningChainLike {
  rpcUrl: string;
  deployment: {
    contracts: Record<string, { address: Address; blockNumber: number }>;
    dao?: {
      proposals: { key: string; proposalId: string }[];
      delegates: { key: string; delegateId: number; instance: Address; operator: Address }[];
    };
  };
  stop(): Promise<void>;
}
const contractsScripts = fileURLToPath(new URL("../../../contracts/scripts/", import.meta.url));
const { startChain } = (await import(join(contractsScripts, "chain.ts"))) as {
  startChain: (o: {
    port: number;
    deploymentFile: null;
    log?: (l: string) => void;
    nodeLogFile?: string;
  }) => Promise<RunningChainLike>;
};
const { freePort } = (await import(join(contractsScripts, "lib", "hardhat-node.ts"))) as {
  freePort: () => Promise<number>;
};

const mandates = fileURLToPath(new URL("../../../packages/mandate/examples/", import.meta.url));
const BUILDER_MANDATE = join(mandates, "builder-friendly.json");
const STEWARD_MANDATE = join(mandates, "treasury-steward.json");
const BUILDER = { id: 2n, dev: 11 };
const STEWARD = { id: 1n, dev: 10 };

const tmp = mkdtempSync(join(tmpdir(), "mandate-agent-test-"));
const builderDb = join(tmp, "builder-db");
const stewardDb = join(tmp, "steward-db");

let chain: RunningChainLike;
let client: PublicClient;
let governor: Address;
let registry: Address;
let musd: Address;
let P3: bigint;
let P4: bigint;

const erc20 = parseAbi(["function transfer(address to, uint256 amount)"]);
const proposer = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 0 });
const operatorOf = (dev: number) => mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: dev });

beforeAll(async () => {
  const port = await freePort();
  chain = await startChain({ port, deploymentFile: null, nodeLogFile: join(tmp, "node.log") });
  client = createPublicClient({ transport: http(chain.rpcUrl) }) as PublicClient;
  const c = chain.deployment.contracts;
  const at = (name: string) => {
    const entry = c[name];
    if (!entry) throw new Error(`no ${name} in the deployment`);
    return getAddress(entry.address);
  };
  governor = at("MandateGovernor");
  registry = at("AIDelegateRegistry");
  musd = at("DemoCollateral");
  const dao = chain.deployment.dao;
  const id = (key: string) => {
    const p = dao?.proposals.find((x) => x.key === key);
    if (!p) throw new Error(`no seeded ${key}`);
    return BigInt(p.proposalId);
  };
  P3 = id("P3");
  P4 = id("P4");
}, 180_000);

afterAll(async () => {
  await chain?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function config(
  who: { id: bigint; dev: number },
  mandateFile: string,
  dbDir: string,
  extra: Record<string, string | undefined> = {},
  flags: { once?: boolean; dryRun?: boolean } = { once: true },
): DelegateConfig {
  return loadDelegateConfig(
    {
      MANDATE_RPC_URL: chain.rpcUrl,
      MANDATE_DELEGATE_ID: who.id.toString(),
      MANDATE_DEV_ACCOUNT: String(who.dev),
      MANDATE_MANDATE_FILE: mandateFile,
      MANDATE_DB_DIR: dbDir,
      MANDATE_POLL_INTERVAL_MS: "100",
      ...extra,
    },
    flags,
  );
}

async function run(
  cfg: DelegateConfig,
  opts: RunDelegateOptions = {},
): Promise<{ result: RunDelegateResult; lines: string[] }> {
  const lines: string[] = [];
  const echo = process.env.AGENT_TEST_LOG === "1";
  const result = await runDelegate(cfg, {
    log: (l) => {
      lines.push(l);
      if (echo) console.log(l);
    },
    ...opts,
  });
  return { result, lines };
}

async function nonceOf(address: Address): Promise<number> {
  return client.getTransactionCount({ address, blockTag: "pending" });
}

async function voteEvents(delegateId: bigint, proposalId?: bigint) {
  return client.getContractEvents({
    address: registry,
    abi: aiDelegateRegistryAbi,
    eventName: "DelegateVoteRecorded",
    args: proposalId === undefined ? { delegateId } : { delegateId, proposalId },
    fromBlock: 0n,
    strict: true,
  });
}

async function askEvents(delegateId: bigint, proposalId: bigint) {
  return client.getContractEvents({
    address: registry,
    abi: aiDelegateRegistryAbi,
    eventName: "PendingDecisionRecorded",
    args: { delegateId, proposalId },
    fromBlock: 0n,
    strict: true,
  });
}

async function withStore<T>(
  dir: string,
  fn: (s: Awaited<ReturnType<typeof openDecisionStore>>) => Promise<T>,
) {
  const store = await openDecisionStore({ dataDir: dir });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Proposes one action from dev account #0 (1.7M MNDT, above the threshold). */
async function propose(
  description: string,
  target: Address,
  data: `0x${string}`,
): Promise<{ id: bigint; block: bigint }> {
  const wallet = createWalletClient({ account: proposer, transport: http(chain.rpcUrl) });
  const hash = await wallet.writeContract({
    chain: null,
    address: governor,
    abi: mandateGovernorAbi,
    functionName: "propose",
    args: [[target], [0n], [data], description],
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  const [event] = await client.getContractEvents({
    address: governor,
    abi: mandateGovernorAbi,
    eventName: "ProposalCreated",
    fromBlock: receipt.blockNumber,
    toBlock: receipt.blockNumber,
    strict: true,
  });
  if (!event) throw new Error("no ProposalCreated");
  return { id: event.args.proposalId, block: receipt.blockNumber };
}

/** Proposes a mUSD grant from the treasury (the timelock holds 5M mUSD). */
async function proposeGrant(name: string, amount: string): Promise<{ id: bigint; block: bigint }> {
  const recipient = getAddress(mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 15 }).address);
  const data = encodeFunctionData({
    abi: erc20,
    functionName: "transfer",
    args: [recipient, parseUnits(amount.replace(/,/g, ""), 6)],
  });
  const description = [
    `# Fund the ${name} grant with ${amount} mUSD`,
    "",
    "## Summary",
    "",
    `This proposal funds the ${name} grant with ${amount} mUSD from the DAO treasury. The grant pays`,
    "builders of open-source governance tooling for the DAO, in monthly milestones reviewed by the",
    "grants working group.",
    "",
    "## Specification",
    "",
    `Transfer ${amount} mUSD from the treasury (the timelock) to the grant recipient ${recipient}.`,
  ].join("\n");
  return propose(description, musd, data);
}

/** What the offline engine and `decide` say about a proposal, computed here independently. */
async function expectedDecision(setup: DelegateSetup, proposalId: bigint) {
  const [event] = await client
    .getContractEvents({
      address: governor,
      abi: mandateGovernorAbi,
      eventName: "ProposalCreated",
      fromBlock: 0n,
      strict: true,
    })
    .then((all) => all.filter((e) => e.args.proposalId === proposalId));
  if (!event) throw new Error(`no ProposalCreated for ${proposalId}`);
  const input: ProposalInput = {
    id: proposalId.toString(),
    governor: governor.toLowerCase() as Address,
    description: event.args.description,
    targets: [...event.args.targets],
    values: [...event.args.values],
    calldatas: [...event.args.calldatas],
    voteEnd: Number(event.args.voteEnd),
  };
  const analysis = await createOfflineEngine().analyze(input, setup.decodeContext);
  // The mandate parsed from the file, which connectDelegate checked against the registry's hash.
  const policy = decide(analysis.facts as Facts, setup.mandate);
  return { analysis, policy, summaryHash: summaryHash(analysis.summary) };
}

const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;

describe("delegate runtime on the local chain", { timeout: 60_000 }, () => {
  it("refuses a mandate file that differs from the registry's, naming both hashes; sends nothing", async () => {
    const before = await nonceOf(operatorOf(BUILDER.dev).address);
    const cfg = config(BUILDER, STEWARD_MANDATE, join(tmp, "wrong-mandate-db"));
    const error = await runDelegate(cfg, { log: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MandateMismatchError);
    const m = error as MandateMismatchError;
    expect(m.name).toBe("MandateMismatchError");
    expect(m.message).toMatch(/refusing to vote/);
    expect(m.message).toContain(m.fileHash);
    expect(m.message).toContain(m.publishedHash);
    expect(m.message).toMatch(/publish/);
    expect(m.publishedVersion).toBe(1n);
    expect(await nonceOf(operatorOf(BUILDER.dev).address)).toBe(before);
  });

  it("names an unknown delegate id and a key that is not the operator", async () => {
    const unknown = await connectDelegate(
      config({ id: 99n, dev: 11 }, BUILDER_MANDATE, join(tmp, "x")),
    ).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(UnknownDelegateError);
    expect((unknown as Error).message).toMatch(
      /delegate #99 is not registered.*ids run from 1 to 2/,
    );

    const wrongKey = await connectDelegate(
      config({ id: 2n, dev: 10 }, BUILDER_MANDATE, join(tmp, "x")),
    ).catch((e: unknown) => e);
    expect(wrongKey).toBeInstanceOf(OperatorMismatchError);
    expect((wrongKey as Error).message).toContain(getAddress(operatorOf(11).address));
  });

  it("dry run: prints the Builder's decision on P4 and sends nothing", async () => {
    const op = operatorOf(BUILDER.dev).address;
    const before = await nonceOf(op);
    const printed: string[] = [];
    const cfg = config(BUILDER, BUILDER_MANDATE, builderDb, {}, { once: true, dryRun: true });
    const { result } = await run(cfg, { print: (l) => printed.push(l) });
    expect(await nonceOf(op)).toBe(before);
    expect(result.transactions).toBe(0);
    expect(await voteEvents(BUILDER.id, P4)).toHaveLength(0);
    const p4Line = printed.find((l) => l.includes(`P ${P4.toString().slice(0, 6)}`));
    expect(p4Line).toMatch(/dry run: .*Protocol Guild.*(For|Against|Abstain|Ask).*by rule '/);
    expect(p4Line).toContain("offline/textrank-1");
    // P3 is already voted by the Builder: not even printed.
    expect(printed.some((l) => l.includes(`P ${P3.toString().slice(0, 6)}`))).toBe(false);
    // The dry run used an in-memory store: the Builder's real database was not created.
    const { existsSync } = await import("node:fs");
    expect(existsSync(builderDb)).toBe(false);
  });

  it("(a) the Builder votes on P4 with the stored summary hash, mandate and rationale; P3 untouched", async () => {
    const p3Before = await voteEvents(BUILDER.id, P3);
    expect(p3Before).toHaveLength(1); // the seeded vote
    const cfg = config(BUILDER, BUILDER_MANDATE, builderDb);
    const { result, lines } = await run(cfg);
    expect(result.votes).toBe(1);
    expect(result.transactions).toBe(1);

    const [vote, ...more] = await voteEvents(BUILDER.id, P4);
    expect(more).toHaveLength(0);
    if (!vote) throw new Error("no DelegateVoteRecorded for P4");
    const setup = await connectDelegate(cfg);
    const expected = await expectedDecision(setup, P4);
    expect(expected.policy.vote).not.toBe("ask");

    await withStore(builderDb, async (store) => {
      const d = await store.findDecision(setup.instance, governor, P4);
      expect(d?.status).toBe("confirmed");
      expect(d?.txHash).toBe(vote.transactionHash);
      expect(vote.args.summaryHash).toBe(d?.summaryHash);
      expect(vote.args.mandateHash).toBe(d?.mandateHash);
      expect(vote.args.mandateHash).toBe(setup.mandateHash);
      expect(vote.args.rationale).toBe(d?.rationale);
      expect(vote.args.rationale.length).toBeLessThanOrEqual(200);
      expect(vote.args.rationale).toContain(expected.policy.ruleId);
      expect(vote.args.support).toBe(SUPPORT[expected.policy.vote as keyof typeof SUPPORT]);
      expect(d?.ruleId).toBe(expected.policy.ruleId);
      expect(d?.summaryHash).toBe(expected.summaryHash);
      // The stored analysis hashes to the recorded summary hash.
      const a = await store.getLatestAnalysis(governor, P4);
      expect(summaryHash(a?.summary)).toBe(vote.args.summaryHash);
      expect(await store.findDecision(setup.instance, governor, P3)).toBeNull();
    });
    expect(await voteEvents(BUILDER.id, P3)).toEqual(p3Before);
    const voted = lines.find((l) => / → tx 0x[0-9a-f]{8}… mined in \d+\.\d+ s/.test(l));
    expect(voted).toMatch(
      new RegExp(
        `^\\[delegate#2\\] P ${P4.toString().slice(0, 6)}…: analyzed \\(offline/textrank-1\\) → (For|Against|Abstain) by rule '${expected.policy.ruleId}'`,
      ),
    );
    expect(lines[0]).toMatch(/starting: delegate "Builder-friendly" #2 .* on chain 31337/);
    expect(
      lines.some((l) => l.includes(`mandate "Builder-friendly" version 1 ${setup.mandateHash}`)),
    ).toBe(true);
    expect(lines.some((l) => l.includes("engine offline/textrank-1"))).toBe(true);
  });

  it("(b) a second run sends nothing and leaves the store unchanged", async () => {
    const op = operatorOf(BUILDER.dev).address;
    const before = await nonceOf(op);
    const snapshot = async () =>
      withStore(builderDb, async (s) => ({
        decisions: await s.listDecisions(),
        events: (await s.listEvents({ limit: 10_000 })).length,
      }));
    const s1 = await snapshot();
    const { result } = await run(config(BUILDER, BUILDER_MANDATE, builderDb));
    expect(result.transactions).toBe(0);
    expect(result.decided).toBe(0);
    expect(await nonceOf(op)).toBe(before);
    expect(await voteEvents(BUILDER.id, P4)).toHaveLength(1);
    const s2 = await snapshot();
    expect(s2.decisions).toEqual(s1.decisions);
    expect(s2.events).toBe(s1.events);
  });

  it("(d) the Steward decides P3 and P4 by its mandate: votes are cast, asks recorded on-chain and POSTed", async () => {
    const received: { body: Record<string, unknown>; type: string | undefined }[] = [];
    const server: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({ body: JSON.parse(body), type: req.headers["content-type"] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const cfg = config(STEWARD, STEWARD_MANDATE, stewardDb, {
        MANDATE_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/mandate`,
        MANDATE_APP_URL: "http://localhost:3000",
      });
      // A third proposal whose calldata nothing can decode: both seeded mandates ask about
      // those (uncertainty.onUnknownCalldata), so the ask path runs whatever P3/P4 get.
      const opaque = await propose(
        "# Maintenance call\n\nA routine maintenance call on the mUSD contract.",
        musd,
        "0xdeadbeef000000000000000000000000000000000000000000000000000000000000002a",
      );
      const setup = await connectDelegate(cfg);
      const expected = {
        P3: await expectedDecision(setup, P3),
        P4: await expectedDecision(setup, P4),
        opaque: await expectedDecision(setup, opaque.id),
      };
      // The seed already recorded the Steward's ask on P3 under this mandate (the seed-consistency
      // test keeps it equal to what the pipeline decides): a fresh store must not record it again.
      expect(expected.P3.policy.vote).toBe("ask");
      expect(await askEvents(STEWARD.id, P3)).toHaveLength(1);
      const { result } = await run(cfg);
      expect(await askEvents(STEWARD.id, P3)).toHaveLength(1);
      const fresh = [expected.P4, expected.opaque];
      const asks = fresh.filter((e) => e.policy.vote === "ask").length;
      expect(asks).toBeGreaterThan(0);
      expect(result.asks).toBe(asks);
      expect(result.votes).toBe(2 - asks);

      for (const [key, id] of [
        ["P3", P3],
        ["P4", P4],
        ["opaque", opaque.id],
      ] as const) {
        const e = expected[key];
        if (e.policy.vote === "ask") {
          const pd = await client.readContract({
            address: registry,
            abi: aiDelegateRegistryAbi,
            functionName: "pendingDecision",
            args: [STEWARD.id, id],
          });
          expect(pd.mandateHash).toBe(setup.mandateHash);
          expect(pd.reasonCode).toBe(reasonCodeFor(e.policy.ruleId));
          expect(await voteEvents(STEWARD.id, id)).toHaveLength(0);
          const hook = received.find((r) => r.body.proposalId === id.toString());
          if (key === "P3") {
            // Asked by the seed (which hashes its own short summary), not by this run.
            expect(hook).toBeUndefined();
            continue;
          }
          expect(pd.summaryHash).toBe(e.summaryHash);
          expect(hook?.type).toBe("application/json");
          expect(hook?.body).toMatchObject({
            type: "mandate.delegate.ask",
            chainId: 31337,
            rule: e.policy.ruleId,
            title: e.analysis.summary.title,
            tldr: e.analysis.summary.tldr,
            rationale: formatRationale(e.policy.ruleId, e.policy.rationale),
            reasonCode: reasonCodeFor(e.policy.ruleId),
            summaryHash: e.summaryHash,
            links: { proposal: `http://localhost:3000/proposals/${id}` },
          });
          expect(typeof hook?.body.deadlineIso).toBe("string");
        } else {
          const votes = await voteEvents(STEWARD.id, id);
          expect(votes).toHaveLength(1);
          expect(votes[0]?.args.support).toBe(SUPPORT[e.policy.vote]);
          expect(votes[0]?.args.summaryHash).toBe(e.summaryHash);
        }
      }
      expect(received).toHaveLength(asks);

      // Running again neither re-records the asks nor re-posts the webhook.
      const again = await run(cfg);
      expect(again.result.transactions).toBe(0);
      expect(received).toHaveLength(asks);
      await withStore(stewardDb, async (s) => {
        const asked = await s.listAsked({ delegate: setup.instance });
        expect(asked).toHaveLength(asks);
        for (const d of asked) {
          const kinds = (await s.listEvents({ decisionId: d.id })).map((x) => x.kind);
          expect(kinds.filter((k) => k === "ask.recorded")).toHaveLength(1);
          expect(kinds.filter((k) => k === "webhook.delivered")).toHaveLength(1);
        }
      });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("(c) crash after broadcast, before the store learns: the restart confirms it, one vote on-chain", async () => {
    const p = await proposeGrant("governance tooling", "25,000");
    const cfg = config(BUILDER, BUILDER_MANDATE, builderDb);
    const crashed = await run(cfg, {
      hooks: {
        afterBroadcast: (d) => {
          if (d.proposalId === p.id.toString()) throw new Error("simulated crash after broadcast");
        },
      },
    });
    expect(crashed.result.errors).toBe(1);
    const setup = await connectDelegate(cfg);
    const left = await withStore(builderDb, (s) => s.findDecision(setup.instance, governor, p.id));
    expect(left?.vote).not.toBeNull();
    expect(left?.status).toBe("sending");
    expect(left?.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(left?.nonce).not.toBeNull();
    expect(await voteEvents(BUILDER.id, p.id)).toHaveLength(1); // it did reach the chain

    const resumed = await run(cfg);
    expect(resumed.result.transactions).toBe(0);
    const done = await withStore(builderDb, (s) => s.findDecision(setup.instance, governor, p.id));
    expect(done?.status).toBe("confirmed");
    expect(done?.txHash).toBe(left?.txHash);
    const votes = await voteEvents(BUILDER.id, p.id);
    expect(votes).toHaveLength(1);
    expect(votes[0]?.transactionHash).toBe(left?.txHash);
    expect(resumed.lines.some((l) => /resuming: tx 0x[0-9a-f]{8}… was mined/.test(l))).toBe(true);
  });

  it("(c) crash after claiming and signing, before broadcast: the restart re-sends once", async () => {
    const p = await proposeGrant("documentation", "12,000");
    const cfg = config(BUILDER, BUILDER_MANDATE, builderDb);
    const crashed = await run(cfg, {
      hooks: {
        beforeBroadcast: (d) => {
          if (d.proposalId === p.id.toString()) throw new Error("simulated crash before broadcast");
        },
      },
    });
    expect(crashed.result.transactions).toBe(0);
    const setup = await connectDelegate(cfg);
    const left = await withStore(builderDb, (s) => s.findDecision(setup.instance, governor, p.id));
    expect(left?.status).toBe("sending");
    expect(await voteEvents(BUILDER.id, p.id)).toHaveLength(0);

    const resumed = await run(cfg);
    expect(resumed.result.transactions).toBe(1);
    const done = await withStore(builderDb, (s) => s.findDecision(setup.instance, governor, p.id));
    expect(done?.status).toBe("confirmed");
    const votes = await voteEvents(BUILDER.id, p.id);
    expect(votes).toHaveLength(1);
    expect(done?.txHash).toBe(votes[0]?.transactionHash);
    // Same nonce, gas and fees: the re-signed transaction may well be byte-identical to the lost
    // one (signatures are deterministic); either way exactly one reached the chain.
    const transitions = await withStore(builderDb, (s) =>
      s.listEvents({ decisionId: done?.id ?? -1, kind: "decision.transition" }),
    );
    const path = transitions.map((e) => `${e.data.from}→${e.data.to}`);
    expect(path).toEqual([
      "pending→sending",
      "sending→failed",
      "failed→pending",
      "pending→sending",
      "sending→sent",
      "sent→confirmed",
    ]);
  });

  it("(f) a failing analysis is skipped, an unavailable engine asks the holder, the next one is voted", async () => {
    const bad = await proposeGrant("audit", "30,000");
    const unavailable = await proposeGrant("translation", "3,000");
    const good = await proposeGrant("research", "8,000");
    const offline = createOfflineEngine();
    const failing: Engine = {
      id: "offline",
      label: "offline, failing for two proposals",
      analyze: async (p, ctx) => {
        if (p.id === bad.id.toString()) throw new Error("decoder exploded on this one");
        if (p.id === unavailable.id.toString()) {
          throw new EngineUnavailableError("openai/test-model", "503 from the model server");
        }
        return offline.analyze(p, ctx);
      },
    };
    // The webhook points at a closed port: its failure is logged, never fatal.
    const closed = await freePort();
    const cfg = config(BUILDER, BUILDER_MANDATE, builderDb, {
      MANDATE_WEBHOOK_URL: `http://127.0.0.1:${closed}/hook`,
      MANDATE_WEBHOOK_TIMEOUT_MS: "1000",
    });
    const { result, lines } = await run(cfg, { engine: failing });
    expect(result.failedProposals).toBe(1);
    expect(result.votes).toBe(1);
    expect(result.asks).toBe(1);
    expect(result.errors).toBe(0);
    expect(await voteEvents(BUILDER.id, bad.id)).toHaveLength(0);
    expect(await voteEvents(BUILDER.id, unavailable.id)).toHaveLength(0);
    expect(await voteEvents(BUILDER.id, good.id)).toHaveLength(1);
    expect(
      lines.some((l) => l.includes(`P ${bad.id.toString().slice(0, 6)}…: analysis failed`)),
    ).toBe(true);
    expect(lines.some((l) => /webhook failed: .*ECONNREFUSED/.test(l))).toBe(true);
    const pd = await client.readContract({
      address: registry,
      abi: aiDelegateRegistryAbi,
      functionName: "pendingDecision",
      args: [BUILDER.id, unavailable.id],
    });
    expect(pd.reasonCode).toBe(4);
    expect(pd.timestamp).toBeGreaterThan(0n);
    await withStore(builderDb, async (s) => {
      const failed = await s.listEvents({ kind: "proposal.failed", proposalId: bad.id });
      expect(failed).toHaveLength(1);
      expect(failed[0]?.data.error).toContain("decoder exploded");
      const setup = await connectDelegate(cfg);
      expect(await s.findDecision(setup.instance, governor, bad.id)).toBeNull();
      const asked = await s.findDecision(setup.instance, governor, unavailable.id);
      expect(asked).toMatchObject({ status: "asked", vote: null, ruleId: "engine-unavailable" });
      expect(pd.summaryHash).toBe(asked?.summaryHash);
      const hooks = await s.listEvents({ decisionId: asked?.id ?? -1, kind: "webhook.failed" });
      expect(hooks).toHaveLength(1);
    });
  });

  it("a vote the chain would refuse is marked failed with the custom error's name; nothing is sent", async () => {
    const p = await proposeGrant("localisation", "4,000");
    const cfg = config(BUILDER, BUILDER_MANDATE, builderDb);
    const setup = await connectDelegate(cfg);
    // A decision claiming a mandate version the holder never published.
    await withStore(builderDb, (s) =>
      s.recordDecision({
        delegate: setup.instance,
        governor,
        proposalId: p.id,
        mandateHash: setup.mandateHash,
        mandateVersion: 7,
        summaryHash: `0x${"ab".repeat(32)}`,
        vote: "for",
        ruleId: "grants-up-to-1m",
        rationale: "Rule 'grants-up-to-1m' fired",
      }),
    );
    const op = operatorOf(BUILDER.dev).address;
    const before = await nonceOf(op);
    const { result, lines } = await run(cfg);
    expect(result.transactions).toBe(0);
    expect(result.failedDecisions).toBe(1);
    expect(await nonceOf(op)).toBe(before);
    const d = await withStore(builderDb, (s) => s.findDecision(setup.instance, governor, p.id));
    expect(d?.status).toBe("failed");
    expect(d?.error).toBe("RegistryUnknownMandateVersion(2, 7, 1)");
    expect(lines.some((l) => l.includes("would revert with RegistryUnknownMandateVersion"))).toBe(
      true,
    );
  });

  it("(e) a proposal created while the delegate runs is picked up and voted; stop is clean", async () => {
    const cfg = config(BUILDER, BUILDER_MANDATE, builderDb, {}, { once: false });
    const controller = new AbortController();
    const lines: string[] = [];
    let caughtUp!: () => void;
    const ready = new Promise<void>((r) => {
      caughtUp = r;
    });
    const running = runDelegate(cfg, {
      signal: controller.signal,
      log: (l) => lines.push(l),
      onCaughtUp: () => caughtUp(),
    });
    let outcome: RunDelegateResult | undefined;
    try {
      await ready;
      const p = await proposeGrant("community calls", "5,000");
      const deadline = Date.now() + 20_000;
      let votes = await voteEvents(BUILDER.id, p.id);
      while (votes.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        votes = await voteEvents(BUILDER.id, p.id);
      }
      expect(votes).toHaveLength(1);
      controller.abort();
      outcome = await running;
      expect(outcome.votes).toBe(1);
      expect(outcome.cursor).not.toBeNull();
      expect(outcome.cursor ?? 0n).toBeGreaterThanOrEqual(p.block);
    } finally {
      controller.abort();
      await running.catch(() => undefined);
    }
    expect(lines.at(-1)).toMatch(/stopping: .* 1 votes/);
    // The store was closed: it opens again (PGlite allows one process at a time).
    await withStore(builderDb, async (s) => {
      const all = await s.listDecisions({ status: ["confirmed"] });
      expect(all.length).toBeGreaterThanOrEqual(5);
    });
  });

  it("keeps the operator key out of the config, every log line and errors", async () => {
    const hd = operatorOf(BUILDER.dev).getHdKey().privateKey;
    if (!hd) throw new Error("no private key");
    const key = toHex(hd);
    const cfg = loadDelegateConfig(
      {
        MANDATE_RPC_URL: chain.rpcUrl,
        MANDATE_DELEGATE_ID: "2",
        MANDATE_OPERATOR_KEY: key,
        MANDATE_MANDATE_FILE: BUILDER_MANDATE,
        MANDATE_DB_DIR: join(tmp, "key-db"),
        MANDATE_BLOCK_RANGE: "7",
      },
      { once: true },
    );
    const printable = `${JSON.stringify(cfg, (_k, v) => (typeof v === "bigint" ? `${v}` : v))} ${inspect(cfg, { depth: 5 })} ${String(cfg.operatorKey)}`;
    expect(printable.toLowerCase()).not.toContain(key.slice(2).toLowerCase());
    // A fresh store: the delegate reads the whole history in 7-block ranges (and votes on the
    // proposals it had not voted on), logging every step.
    const { result, lines } = await run(cfg);
    const created = await client.getContractEvents({
      address: governor,
      abi: mandateGovernorAbi,
      eventName: "ProposalCreated",
      fromBlock: 0n,
    });
    expect(result.proposals).toBe(created.length);
    const lastProposalBlock = created.at(-1)?.blockNumber ?? 0n; // logs come in chain order
    expect(result.cursor ?? 0n).toBeGreaterThanOrEqual(lastProposalBlock);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.some((l) => l.includes(getAddress(operatorOf(BUILDER.dev).address)))).toBe(true);
    for (const l of lines) expect(l.toLowerCase()).not.toContain(key.slice(2).toLowerCase());
    // The key of another account is refused, and the error does not print it.
    const other = operatorOf(3).getHdKey().privateKey;
    if (!other) throw new Error("no private key");
    const wrong = loadDelegateConfig({
      MANDATE_RPC_URL: chain.rpcUrl,
      MANDATE_DELEGATE_ID: "2",
      MANDATE_OPERATOR_KEY: toHex(other),
      MANDATE_MANDATE_FILE: BUILDER_MANDATE,
    });
    const err = await connectDelegate(wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorMismatchError);
    expect(String((err as Error).message).toLowerCase()).not.toContain(toHex(other).slice(2));
  });

  it("as a service: /health turns 200 once it is watching, /metrics counts, logs are JSON lines", async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const running = main(
      [
        "--delegate-id",
        "2",
        "--dev-account",
        "11",
        "--mandate",
        BUILDER_MANDATE,
        "--rpc-url",
        chain.rpcUrl,
        "--db-dir",
        join(tmp, "service-db"),
        "--http-port",
        "0",
      ],
      { MANDATE_LOG_FORMAT: "json" },
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
      controller.signal,
    );
    try {
      const url = await (async () => {
        for (let i = 0; i < 200; i++) {
          const m = lines.join("\n").match(/health on (http:\/\/127\.0\.0\.1:\d+)\/health/);
          if (m?.[1]) return m[1];
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`no health URL in the log:\n${lines.join("\n")}`);
      })();
      let health: Response | null = null;
      for (let i = 0; i < 200; i++) {
        health = await fetch(`${url}/health`);
        if (health.status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(health?.status).toBe(200);
      expect(await health?.json()).toMatchObject({
        status: "ok",
        phase: "watching",
        service: "delegate",
      });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('mandate_delegate_up{delegate_id="2"} 1');
      expect(metrics).toMatch(/mandate_delegate_proposals_read_total\{delegate_id="2"\} [1-9]/);
      expect(metrics).toMatch(/mandate_delegate_cursor_block\{delegate_id="2"\} \d+/);
      for (const l of lines) {
        const entry = JSON.parse(l) as { service?: string; msg?: string };
        expect(entry.service).toBe("delegate");
        expect(typeof entry.msg).toBe("string");
      }
    } finally {
      controller.abort();
    }
    expect(await running).toBe(0);
  });

  it("signs with a key from an Ethereum V3 keystore; neither the key nor the password is printed", async () => {
    const hd = operatorOf(BUILDER.dev).getHdKey().privateKey;
    if (!hd) throw new Error("no private key");
    const key = toHex(hd);
    const password = "correct horse battery staple";
    const keystore = join(tmp, "operator.keystore.json");
    const passwordFile = join(tmp, "operator.password");
    writeFileSync(keystore, await encryptKeystore(key, password, { scryptN: 1024 }));
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    const lines: string[] = [];
    const code = await main(
      [
        "--delegate-id",
        "2",
        "--mandate",
        BUILDER_MANDATE,
        "--rpc-url",
        chain.rpcUrl,
        "--db-dir",
        join(tmp, "keystore-db"),
        "--once",
      ],
      {
        MANDATE_OPERATOR_KEYSTORE: keystore,
        MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE: passwordFile,
      },
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    );
    expect(code, lines.join("\n")).toBe(0);
    const text = lines.join("\n");
    expect(text).toContain(`operator key from the keystore ${keystore}`);
    expect(text).toContain(`operator ${getAddress(operatorOf(BUILDER.dev).address)}`);
    expect(text.toLowerCase()).not.toContain(key.slice(2).toLowerCase());
    expect(text).not.toContain(password);
    // The wrong password: a clear refusal, exit 2.
    writeFileSync(passwordFile, "wrong\n");
    const refused: string[] = [];
    expect(
      await main(
        ["--delegate-id", "2", "--mandate", BUILDER_MANDATE, "--rpc-url", chain.rpcUrl, "--once"],
        {
          MANDATE_OPERATOR_KEYSTORE: keystore,
          MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE: passwordFile,
        },
        { out: (l) => refused.push(l), err: (l) => refused.push(l) },
      ),
    ).toBe(2);
    expect(refused.join("\n")).toMatch(/wrong password/);
  });
});
