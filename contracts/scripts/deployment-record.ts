/**
 * Writes the deployment record of a deployment of ignition/modules/Mandate.ts, from Ignition's
 * journal: the file every part of Mandate reads to find the contracts (docs/operators.md,
 * section 2). The local chain writes its own record (scripts/chain.ts); this is for any other chain.
 *
 *   npm run deployment-record -w @mandate/contracts -- \
 *     --deployment-dir ignition/deployments/chain-11155111 --out deployments/sepolia.json \
 *     [--rpc-url https://…] [--force]
 *
 * The record: { "chainId": N, "contracts": { "LMSRMarket": { "address": "0x…", "blockNumber": N },
 * … } } with the nine contracts the module returns (LMSRMarket, CommitteeResolver,
 * GovernanceToken, TimelockController, MandateGovernor, AIDelegateRegistry, TradingVault,
 * GovernorResolver, OptimisticResolver). `blockNumber` is the block of the creating transaction,
 * from the receipt Ignition journaled. No timestamps: the same journal gives the same file.
 *
 * It refuses, naming what is wrong and writing nothing:
 * - a missing directory or journal.jsonl, a line that is not JSON (with its line number);
 * - a journal that is not of Mandate.ts, or a deployment that is not finished: every part of the
 *   module (the nine contracts and the timelock's role grants, the admin's renunciation and the
 *   token's transfer to the timelock) must have completed; an unfinished one is resumed by
 *   running the same `hardhat ignition deploy` command again;
 * - a deployed_addresses.json that disagrees with the journal;
 * - an existing output file (unless --force);
 * - with --rpc-url: a node on another chain id, an address without code, a creating transaction
 *   the node does not have in the recorded block.
 *
 * Relative paths are resolved against the working directory (contracts/ under `npm run -w`).
 * Exit codes: 0 written, 1 not written (the message says why), 2 bad usage.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getAddress, isAddress } from "viem";
import MandateModule from "../ignition/modules/Mandate.ts";
import type { DeployedContractRecord } from "./lib/deployment.ts";

/** Thrown for every reason the record cannot be written; the message says what to do. */
export class DeploymentRecordError extends Error {
  override name = "DeploymentRecordError";
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

export const MODULE_PATH = "ignition/modules/Mandate.ts";

/**
 * The contracts the record holds, in the record's order: what Mandate.ts returns, named by
 * contract (LMSRMarket ← Markets#LMSRMarket, TradingVault ← Mandate#TradingVault, …).
 */
export const RECORDED_CONTRACTS: readonly { name: string; futureId: string }[] = Object.values(
  MandateModule.results,
).map((future) => ({ name: future.contractName, futureId: future.id }));

interface ModuleLike {
  futures: Set<{ id: string; type: string }>;
  submodules: Set<ModuleLike>;
}

function allFutures(module: ModuleLike): { id: string; type: string }[] {
  return [...module.futures, ...[...module.submodules].flatMap(allFutures)];
}

/** Every part of the deployment (contracts and calls): all must have completed. */
export const MODULE_FUTURES: readonly { id: string; type: string }[] = allFutures(
  MandateModule as unknown as ModuleLike,
);

export interface DeploymentRecord {
  chainId: number;
  contracts: Record<string, DeployedContractRecord>;
}

/** What the journal says about one future (one part of the module). */
interface FutureProgress {
  futureId: string;
  /** Transactions sent for it. */
  sent: string[];
  /** Receipts of its confirmed transactions. */
  confirmed: { hash: string; blockNumber: number; contractAddress?: string; status: string }[];
  /** Set when the future completed (or failed). */
  result?: { type: string; address?: string; detail?: string };
}

export interface Journal {
  file: string;
  chainId: number | undefined;
  futures: Map<string, FutureProgress>;
}

/** Futures whose initialisation is also their completion (no transaction of their own). */
const COMPLETE_ON_INIT = new Set([
  "CONTRACT_AT_EXECUTION_STATE_INITIALIZE",
  "READ_EVENT_ARGUMENT_EXECUTION_STATE_INITIALIZE",
  "ENCODE_FUNCTION_CALL_EXECUTION_STATE_INITIALIZE",
]);

type Message = Record<string, unknown>;

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** Reads and replays journal.jsonl in `deploymentDir`. */
export function readJournal(deploymentDir: string): Journal {
  const dir = resolve(deploymentDir);
  if (!existsSync(dir)) {
    throw new DeploymentRecordError(
      `The deployment directory ${dir} does not exist. Give Ignition's directory of the deployment, ` +
        "e.g. --deployment-dir ignition/deployments/chain-<chain id> (relative paths are resolved " +
        `against ${process.cwd()}).`,
    );
  }
  if (!statSync(dir).isDirectory()) {
    throw new DeploymentRecordError(`${dir} is a file, not Ignition's deployment directory.`);
  }
  const file = join(dir, "journal.jsonl");
  if (!existsSync(file)) {
    throw new DeploymentRecordError(
      `${dir} has no journal.jsonl: it is not an Ignition deployment directory, or the deployment ` +
        "was run in memory (Ignition writes a journal only for deployments to a network with a " +
        "deployment directory, e.g. `npx hardhat ignition deploy … --network <name>`).",
    );
  }
  const journal: Journal = { file, chainId: undefined, futures: new Map() };
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === "") return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      throw new DeploymentRecordError(
        `${file} line ${line} is not valid JSON (${(error as Error).message}). The journal is ` +
          "damaged (cut short or edited by hand); Ignition cannot resume from it either.",
      );
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      throw new DeploymentRecordError(
        `${file} line ${line} is ${describeValue(message)}, not a journal message (an object).`,
      );
    }
    applyMessage(journal, message as Message, line);
  });
  return journal;
}

function applyMessage(journal: Journal, m: Message, line: number): void {
  const at = `${journal.file} line ${line}`;
  const type = m.type;
  if (typeof type !== "string") {
    throw new DeploymentRecordError(`${at} has no message type.`);
  }
  if (type === "DEPLOYMENT_INITIALIZE") {
    const chainId = m.chainId;
    if (typeof chainId !== "number" || !Number.isSafeInteger(chainId) || chainId <= 0) {
      throw new DeploymentRecordError(`${at}: DEPLOYMENT_INITIALIZE has no valid chainId.`);
    }
    if (journal.chainId !== undefined && journal.chainId !== chainId) {
      throw new DeploymentRecordError(
        `${at}: the journal starts a deployment on chain ${chainId} after one on chain ${journal.chainId}.`,
      );
    }
    journal.chainId = chainId;
    return;
  }
  if (type === "RUN_START") return;
  const futureId = m.futureId;
  if (typeof futureId !== "string") {
    throw new DeploymentRecordError(`${at}: ${type} has no futureId.`);
  }
  if (type === "WIPE_APPLY") {
    journal.futures.delete(futureId);
    return;
  }
  if (type.endsWith("_EXECUTION_STATE_INITIALIZE")) {
    const progress: FutureProgress = { futureId, sent: [], confirmed: [] };
    if (COMPLETE_ON_INIT.has(type)) {
      progress.result = {
        type: "SUCCESS",
        ...(typeof m.contractAddress === "string" ? { address: m.contractAddress } : {}),
      };
    }
    journal.futures.set(futureId, progress);
    return;
  }
  const progress = journal.futures.get(futureId);
  if (progress === undefined) return; // a message about a wiped future
  if (type.endsWith("_EXECUTION_STATE_COMPLETE")) {
    const result = m.result as Message | undefined;
    if (typeof result?.type !== "string") {
      throw new DeploymentRecordError(`${at}: ${type} of ${futureId} has no result.`);
    }
    const detail = [result.error, result.txHash, result.reason]
      .map((d) =>
        typeof d === "string" ? d : d && typeof d === "object" ? JSON.stringify(d) : undefined,
      )
      .find((d) => d !== undefined);
    progress.result = {
      type: result.type,
      ...(typeof result.address === "string" ? { address: result.address } : {}),
      ...(detail !== undefined ? { detail } : {}),
    };
  } else if (type === "TRANSACTION_SEND") {
    const hash = (m.transaction as Message | undefined)?.hash;
    if (typeof hash === "string") progress.sent.push(hash);
  } else if (type === "TRANSACTION_CONFIRM") {
    const receipt = m.receipt as Message | undefined;
    if (
      typeof m.hash !== "string" ||
      typeof receipt?.blockNumber !== "number" ||
      typeof receipt.status !== "string"
    ) {
      throw new DeploymentRecordError(
        `${at}: TRANSACTION_CONFIRM of ${futureId} has no hash, receipt block number or status.`,
      );
    }
    progress.confirmed.push({
      hash: m.hash,
      blockNumber: receipt.blockNumber,
      status: receipt.status,
      ...(typeof receipt.contractAddress === "string"
        ? { contractAddress: receipt.contractAddress }
        : {}),
    });
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function futureLabel(futureId: string): string {
  const contract = RECORDED_CONTRACTS.find((c) => c.futureId === futureId);
  if (contract) return `${contract.name} (${futureId})`;
  const type = MODULE_FUTURES.find((f) => f.id === futureId)?.type ?? "";
  return `${futureId}${type.endsWith("_CALL") ? " (call)" : ""}`;
}

/** The record of a finished deployment, plus each contract's creating transaction. */
export interface BuiltRecord {
  record: DeploymentRecord;
  /** Creating transaction of each recorded contract, by record name. */
  transactions: Record<string, string>;
}

/**
 * Builds the record from the journal in `deploymentDir` (and checks deployed_addresses.json
 * against it when it is there).
 */
export function buildRecord(deploymentDir: string): BuiltRecord {
  const journal = readJournal(deploymentDir);
  const dir = dirname(journal.file);
  const id = basename(dir);
  if (journal.chainId === undefined) {
    throw new DeploymentRecordError(
      `${journal.file} has no DEPLOYMENT_INITIALIZE message: the deployment never started, or this is not an Ignition journal.`,
    );
  }
  if (!MODULE_FUTURES.some((f) => journal.futures.has(f.id))) {
    const others = [...journal.futures.keys()];
    throw new DeploymentRecordError(
      `${journal.file} is not a deployment of ${MODULE_PATH}: none of its parts (${RECORDED_CONTRACTS.map((c) => c.futureId).join(", ")}, …) is in it` +
        (others.length > 0
          ? `; it holds ${others.slice(0, 5).join(", ")}${others.length > 5 ? ", …" : ""}.`
          : "."),
    );
  }

  const unfinished: string[] = [];
  let failed = false;
  for (const future of MODULE_FUTURES) {
    const progress = journal.futures.get(future.id);
    const label = futureLabel(future.id);
    if (progress === undefined) unfinished.push(`${label}: not started`);
    else if (progress.result === undefined)
      unfinished.push(
        `${label}: ${progress.sent.length > 0 ? "transaction sent, not confirmed" : "started, no transaction sent yet"}`,
      );
    else if (progress.result.type !== "SUCCESS") {
      failed = true;
      unfinished.push(
        `${label}: failed (${progress.result.type}${progress.result.detail ? `: ${progress.result.detail}` : ""})`,
      );
    }
  }
  if (unfinished.length > 0) {
    const ours = new Set(MODULE_FUTURES.map((f) => f.id.split("#")[0]));
    const foreign = [...journal.futures.keys()].filter((f) => !ours.has(f.split("#")[0]));
    throw new DeploymentRecordError(
      [
        `The deployment in ${dir} (chain ${journal.chainId}) is not finished; these parts of ${MODULE_PATH} have not completed:`,
        ...unfinished.map((u) => `  - ${u}`),
        ...(foreign.length > 0
          ? [
              `The journal also holds parts of other modules (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""}): if it is a deployment of another module (e.g. LocalChain.ts), this script does not apply to it.`,
            ]
          : []),
        "Resume it by running the same command again, with the same network and parameters file:",
        `  npx hardhat ignition deploy ${MODULE_PATH} --network <network> --parameters <file>`,
        "Ignition continues from this journal; then run this script again.",
        ...(failed
          ? [
              `A failed part is not retried on resume: see \`npx hardhat ignition status ${id}\`, fix the cause, ` +
                `then \`npx hardhat ignition wipe ${id} <future id>\` and deploy again.`,
            ]
          : []),
      ].join("\n"),
    );
  }

  const contracts: Record<string, DeployedContractRecord> = {};
  const transactions: Record<string, string> = {};
  for (const { name, futureId } of RECORDED_CONTRACTS) {
    const progress = journal.futures.get(futureId) as FutureProgress;
    const address = progress.result?.address;
    if (address === undefined || !isAddress(address, { strict: false })) {
      throw new DeploymentRecordError(
        `${journal.file}: ${name} (${futureId}) completed without a contract address.`,
      );
    }
    const creation = progress.confirmed.find(
      (c) =>
        c.status === "SUCCESS" &&
        c.contractAddress !== undefined &&
        sameAddress(c.contractAddress, address),
    );
    if (creation === undefined) {
      throw new DeploymentRecordError(
        `${journal.file}: ${name} (${futureId}) is at ${getAddress(address)}, but the journal has no confirmed transaction that created it, so its block is unknown.`,
      );
    }
    contracts[name] = { address: getAddress(address), blockNumber: creation.blockNumber };
    transactions[name] = creation.hash;
  }
  checkDeployedAddresses(dir, contracts);
  return { record: { chainId: journal.chainId, contracts }, transactions };
}

/** Ignition's deployed_addresses.json, when present, must agree with the journal. */
function checkDeployedAddresses(dir: string, contracts: Record<string, DeployedContractRecord>) {
  const file = join(dir, "deployed_addresses.json");
  if (!existsSync(file)) return;
  let addresses: Record<string, unknown>;
  try {
    addresses = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new DeploymentRecordError(`${file} is not valid JSON (${(error as Error).message}).`);
  }
  const disagree = RECORDED_CONTRACTS.filter(({ name, futureId }) => {
    const listed = addresses[futureId];
    const recorded = contracts[name]?.address ?? "";
    return typeof listed === "string" && !sameAddress(listed, recorded);
  }).map(
    ({ name, futureId }) =>
      `${name}: journal ${contracts[name]?.address}, ${basename(file)} ${String(addresses[futureId])}`,
  );
  if (disagree.length > 0) {
    throw new DeploymentRecordError(
      `${file} disagrees with the journal (${disagree.join("; ")}). The directory mixes two deployments: use Ignition's own, untouched directory.`,
    );
  }
}

// ------------------------------------------------------------------ checking on a node

/** The node's URL for messages: scheme and host only (hosted RPC URLs carry keys in the path). */
export function describeRpcUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.pathname.length > 1 || u.search !== "" || u.username !== "";
    return `${u.protocol}//${u.host}${hidden ? "/…" : ""}`;
  } catch {
    return "(an invalid URL)";
  }
}

async function rpcCall(url: string, method: string, params: unknown[]): Promise<unknown> {
  const where = describeRpcUrl(url);
  let response: Response | undefined;
  // One retry: a kept-alive connection the node closed meanwhile fails once, then works.
  for (let attempt = 1; response === undefined; attempt++) {
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      if (attempt < 2) continue;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new DeploymentRecordError(
        `Cannot reach the node at ${where} (--rpc-url): ${cause ?? (error as Error).name}. Nothing was written.`,
      );
    }
  }
  const body = (await response.json().catch(() => undefined)) as
    | { result?: unknown; error?: { message?: string } }
    | undefined;
  if (!response.ok || body === undefined || body.error !== undefined) {
    throw new DeploymentRecordError(
      `The node at ${where} (--rpc-url) answered ${method} with ${body?.error?.message ?? `HTTP ${response.status}`}. Nothing was written.`,
    );
  }
  return body.result;
}

/**
 * Checks the record on a node: same chain id, code at every address, and each creating
 * transaction's receipt in the recorded block with the recorded address.
 */
export async function verifyOnChain(built: BuiltRecord, rpcUrl: string): Promise<void> {
  const where = describeRpcUrl(rpcUrl);
  const { record, transactions } = built;
  const chainId = Number(BigInt(String(await rpcCall(rpcUrl, "eth_chainId", []))));
  if (chainId !== record.chainId) {
    throw new DeploymentRecordError(
      `Chain id mismatch: the journal is a deployment on chain ${record.chainId}, but the node at ${where} (--rpc-url) is chain ${chainId}. Check --rpc-url and --deployment-dir. Nothing was written.`,
    );
  }
  const problems: string[] = [];
  for (const [name, { address, blockNumber }] of Object.entries(record.contracts)) {
    const code = await rpcCall(rpcUrl, "eth_getCode", [address, "latest"]);
    if (typeof code !== "string" || code === "0x" || code === "") {
      problems.push(`${name}: no code at ${address}`);
      continue;
    }
    const hash = transactions[name];
    const receipt = (await rpcCall(rpcUrl, "eth_getTransactionReceipt", [hash])) as {
      blockNumber?: string;
      contractAddress?: string | null;
    } | null;
    if (receipt === null || receipt.blockNumber === undefined) {
      problems.push(`${name}: the node does not know its creating transaction ${hash}`);
      continue;
    }
    const onChainBlock = Number(BigInt(receipt.blockNumber));
    if (onChainBlock !== blockNumber) {
      problems.push(
        `${name}: created in block ${onChainBlock} on the chain, the journal says ${blockNumber} (a reorganisation after Ignition confirmed it?)`,
      );
    }
    if (!receipt.contractAddress || !sameAddress(receipt.contractAddress, address)) {
      problems.push(
        `${name}: transaction ${hash} created ${receipt.contractAddress ?? "no contract"}, not ${address}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new DeploymentRecordError(
      [
        `The node at ${where} (chain ${chainId}) does not match the journal:`,
        ...problems.map((p) => `  - ${p}`),
        "Nothing was written.",
      ].join("\n"),
    );
  }
}

// ------------------------------------------------------------------ writing

/** The record as written: two-space JSON and a final newline, like scripts/chain.ts writes it. */
export function renderRecord(record: DeploymentRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Throws unless `path` may be written: a new file, or an existing one with `force`. */
export function checkOutput(path: string, force = false): string {
  const out = resolve(path);
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) {
      throw new DeploymentRecordError(`--out ${out} is a directory; give a file name.`);
    }
    if (!force) {
      throw new DeploymentRecordError(
        `${out} already exists; nothing was written. Pass --force to replace it.`,
      );
    }
  }
  return out;
}

/** Writes the record to `path` (refusing an existing file unless `force`), atomically. */
export function writeRecord(path: string, record: DeploymentRecord, force = false): string {
  const out = checkOutput(path, force);
  mkdirSync(dirname(out), { recursive: true });
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, renderRecord(record));
  renameSync(temporary, out);
  return out;
}

// ------------------------------------------------------------------ command line

export const USAGE = `Usage: npm run deployment-record -w @mandate/contracts -- --deployment-dir DIR --out FILE [--rpc-url URL] [--force]

Writes the deployment record of a deployment of ${MODULE_PATH} from Ignition's journal:
{ "chainId": N, "contracts": { "LMSRMarket": { "address": "0x…", "blockNumber": N }, … } }
with ${RECORDED_CONTRACTS.map((c) => c.name).join(", ")}.

  --deployment-dir DIR  Ignition's deployment directory (holds journal.jsonl),
                        e.g. ignition/deployments/chain-11155111
  --out FILE            the record to write, e.g. deployments/sepolia.json
  --rpc-url URL         also check on this node: its chain id is the journal's, every address has
                        code, every creating transaction is in the recorded block
  --force               replace an existing --out file
  -h, --help            print this help

Relative paths are resolved against the working directory (contracts/ under npm run -w).
Exit codes: 0 written, 1 not written (the message says why), 2 bad usage.`;

export interface CliOptions {
  deploymentDir: string;
  out: string;
  rpcUrl?: string;
  force: boolean;
}

/** Parses the arguments (without node and the script); null for --help. */
export function parseCli(argv: readonly string[]): CliOptions | null {
  const values: Record<string, "deploymentDir" | "out" | "rpcUrl"> = {
    "--deployment-dir": "deploymentDir",
    "--out": "out",
    "--rpc-url": "rpcUrl",
  };
  const given: Partial<Record<"deploymentDir" | "out" | "rpcUrl", string>> = {};
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? "";
    if (raw === "--help" || raw === "-h") return null;
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    if (name === "--force") {
      if (eq > 0) throw new UsageError("--force takes no value");
      force = true;
      continue;
    }
    const key = values[name];
    if (key === undefined) throw new UsageError(`unknown argument "${raw}" (see --help)`);
    const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
      throw new UsageError(`${name} needs a value`);
    }
    given[key] = value;
  }
  if (given.deploymentDir === undefined) throw new UsageError("--deployment-dir is required");
  if (given.out === undefined) throw new UsageError("--out is required");
  if (given.rpcUrl !== undefined && !/^https?:\/\//i.test(given.rpcUrl)) {
    throw new UsageError("--rpc-url must be an http(s) URL");
  }
  return {
    deploymentDir: given.deploymentDir,
    out: given.out,
    ...(given.rpcUrl !== undefined ? { rpcUrl: given.rpcUrl } : {}),
    force,
  };
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The command line; returns the exit code. */
export async function main(
  argv: readonly string[],
  io: Io = { out: (l) => console.log(l), err: (l) => console.error(l) },
): Promise<number> {
  let options: CliOptions | null;
  try {
    options = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`deployment-record: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === null) {
    io.out(USAGE);
    return 0;
  }
  try {
    const built = buildRecord(options.deploymentDir);
    // Refuse an existing output before the slower checks on the node.
    checkOutput(options.out, options.force);
    if (options.rpcUrl !== undefined) await verifyOnChain(built, options.rpcUrl);
    const out = writeRecord(options.out, built.record, options.force);
    const { record } = built;
    const blocks = Object.values(record.contracts).map((c) => c.blockNumber);
    io.out(
      `wrote ${out}: chain ${record.chainId}, ${Object.keys(record.contracts).length} contracts, blocks ${Math.min(...blocks)}–${Math.max(...blocks)}`,
    );
    for (const [name, c] of Object.entries(record.contracts)) {
      io.out(`  ${name.padEnd(19)}${c.address}  block ${c.blockNumber}`);
    }
    if (options.rpcUrl !== undefined) {
      io.out(
        `checked on ${describeRpcUrl(options.rpcUrl)}: chain id, code at every address, every creating transaction in its block`,
      );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof DeploymentRecordError)) throw error;
    io.err(`deployment-record: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
