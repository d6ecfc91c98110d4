/**
 * Plain-language descriptions of decoded calls, with the category, risk, value movements and
 * addresses each one implies. Describers are keyed by canonical signature, so a call reads the
 * same whichever ABI decoded it; calls without a describer get a generic, literal description.
 * Calls that wrap other calls (timelock schedule/execute, Governor relay, Safe execTransaction)
 * describe their payload recursively.
 */
import type { ActionFact, RiskLevel, TransferFact } from "@mandate/mandate";
import type { AbiParameter, Hex } from "viem";
import type { DecodeContext } from "../types.js";
import { type DecodedCall, decodeCall } from "./calls.js";
import {
  formatDuration,
  formatInteger,
  formatUnitsGrouped,
  formatUsd,
  quoteUntrusted,
  shortAddress,
  toTokens,
} from "./format.js";
import {
  ADMIN_ROLES,
  describeLabel,
  describeNode,
  describeSubname,
  labelName,
  roleName,
} from "./names.js";

export type Category = ActionFact["category"];
export type PendingTransfer = Omit<TransferFact, "actionIndex">;

/** What one call (and any payload it wraps) does. */
export interface Described {
  description: string;
  category: Category;
  risk: RiskLevel;
  /** Why the risk is what it is, one short line per reason. */
  riskReasons: string[];
  transfers: PendingTransfer[];
  /** Addresses the call touches besides its target (lowercase). */
  addresses: string[];
  /** True when this call or a payload it wraps could not be decoded. */
  unknown: boolean;
  /** Selector and signature of the outermost call (null for a plain value transfer). */
  selector: `0x${string}` | null;
  signature: string | null;
  warnings: string[];
}

const RISK_ORDER: readonly RiskLevel[] = ["low", "medium", "high", "critical"];

export function maxRisk(...levels: RiskLevel[]): RiskLevel {
  let best = 0;
  for (const level of levels) best = Math.max(best, RISK_ORDER.indexOf(level));
  return RISK_ORDER[best] ?? "low";
}

export function riskAtLeast(level: RiskLevel, floor: RiskLevel): boolean {
  return RISK_ORDER.indexOf(level) >= RISK_ORDER.indexOf(floor);
}

/** Risk of moving `usd` dollars; unpriced value is at least medium. */
export function usdRisk(usd: number | null): RiskLevel {
  if (usd === null) return "medium";
  if (usd >= 5_000_000) return "critical";
  if (usd >= 500_000) return "high";
  if (usd >= 50_000) return "medium";
  return "low";
}

const ZERO_ADDRESS = `0x${"0".repeat(40)}`;
const UNLIMITED = 2n ** 255n;
const SECONDS_PER_YEAR = 31_536_000n;
const MAX_DEPTH = 3;

/** Everything a describer needs about the call it describes. */
export interface CallScope {
  ctx: DecodeContext;
  /** Lowercase target. */
  target: string;
  value: bigint;
  depth: number;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export function labelOf(ctx: DecodeContext, address: string): string | null {
  const a = address.toLowerCase();
  const contract = ctx.contracts[a]?.label;
  if (contract) return contract;
  const token = ctx.tokens[a]?.symbol;
  return token ? `${token} token` : null;
}

/** "main.mg.wg.ens.eth (0x91c3…d39b)" when labelled, else "0x91c3…d39b". */
export function who(ctx: DecodeContext, address: string): string {
  const label = labelOf(ctx, address);
  return label ? `${label} (${shortAddress(address)})` : shortAddress(address);
}

function addr(value: unknown): string {
  return typeof value === "string" ? value.toLowerCase() : ZERO_ADDRESS;
}

function big(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return BigInt(value);
  return 0n;
}

function hex(value: unknown): Hex {
  return (typeof value === "string" ? value.toLowerCase() : "0x") as Hex;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : String(value);
}

interface TokenInfo {
  symbol: string;
  decimals: number;
  usd: number | null;
  known: boolean;
}

function tokenInfo(ctx: DecodeContext, token: string): TokenInfo {
  const t = ctx.tokens[token.toLowerCase()];
  // A token entry with impossible decimals is ignored rather than trusted.
  if (t && Number.isInteger(t.decimals) && t.decimals >= 0 && t.decimals <= 36 && t.symbol) {
    const usd = typeof t.usd === "number" && Number.isFinite(t.usd) && t.usd >= 0 ? t.usd : null;
    return { symbol: t.symbol, decimals: t.decimals, usd, known: true };
  }
  return { symbol: shortAddress(token), decimals: 0, usd: null, known: false };
}

/** "100,000 USDC", or "1000 base units of token 0xabcd…1234" for an unknown token. */
function amountOf(info: TokenInfo, amount: bigint): string {
  if (!info.known) return `${formatInteger(amount)} base units of token ${info.symbol}`;
  return `${formatUnitsGrouped(amount, info.decimals)} ${info.symbol}`;
}

function usdSuffix(usd: number | null): string {
  return usd === null ? "" : ` (≈ ${formatUsd(usd)})`;
}

function tokenTransfer(
  ctx: DecodeContext,
  token: string,
  amount: bigint,
  to: string,
  kind: PendingTransfer["kind"],
): PendingTransfer {
  const info = tokenInfo(ctx, token);
  const unlimited = amount >= UNLIMITED;
  const amountTokens = toTokens(amount, info.decimals);
  const usd = info.usd === null || unlimited ? null : amountTokens * info.usd;
  return {
    asset: token.toLowerCase() as `0x${string}`,
    symbol: info.symbol.slice(0, 32),
    decimals: info.decimals,
    amount: amount.toString(),
    amountTokens,
    usd,
    to: to.toLowerCase() as `0x${string}`,
    kind,
  };
}

export function nativeTransfer(ctx: DecodeContext, amount: bigint, to: string): PendingTransfer {
  const amountTokens = toTokens(amount, 18);
  return {
    asset: "ETH",
    symbol: "ETH",
    decimals: 18,
    amount: amount.toString(),
    amountTokens,
    usd:
      typeof ctx.ethUsd === "number" && Number.isFinite(ctx.ethUsd) && ctx.ethUsd >= 0
        ? amountTokens * ctx.ethUsd
        : null,
    to: to.toLowerCase() as `0x${string}`,
    kind: "native",
  };
}

function base(call: DecodedCall | null): Described {
  return {
    description: "",
    category: "call",
    risk: "low",
    riskReasons: [],
    transfers: [],
    addresses: [],
    unknown: false,
    selector: call?.selector ?? null,
    signature: call?.signature ?? null,
    warnings: call && !call.exact ? ["calldata has trailing bytes after the arguments"] : [],
  };
}

/** Every address inside decoded arguments, recursively. */
function collectAddresses(
  params: readonly AbiParameter[],
  args: readonly unknown[],
  out: string[],
) {
  params.forEach((param, i) => {
    visit(param, args[i], out);
  });
}

function visit(param: AbiParameter, value: unknown, out: string[]) {
  if (param.type === "address" && typeof value === "string") {
    out.push(value.toLowerCase());
    return;
  }
  const arrayMatch = /^(.*)\[\d*\]$/.exec(param.type);
  if (arrayMatch && Array.isArray(value)) {
    const inner = { ...param, type: arrayMatch[1] ?? "" } as AbiParameter;
    for (const v of value) visit(inner, v, out);
    return;
  }
  if (param.type === "tuple" && "components" in param && value && typeof value === "object") {
    const components = param.components;
    components.forEach((c, i) => {
      const v = Array.isArray(value)
        ? value[i]
        : (value as Record<string, unknown>)[c.name ?? String(i)];
      visit(c, v, out);
    });
  }
}

function formatArg(ctx: DecodeContext, param: AbiParameter, value: unknown): string {
  if (param.type === "address") return who(ctx, str(value));
  if (param.type === "bool") return String(value);
  if (param.type === "string") return quoteUntrusted(str(value), 60);
  if (/^u?int\d*$/.test(param.type)) return formatInteger(big(value));
  if (param.type === "bytes32") {
    const v = str(value);
    const label = labelName(v);
    return label ? `"${label}" (hash)` : `${v.slice(0, 10)}…${v.slice(-4)}`;
  }
  if (/^bytes\d*$/.test(param.type)) {
    const v = str(value);
    const n = Math.max(0, (v.length - 2) / 2);
    return n <= 8 ? v : `${v.slice(0, 10)}… (${n} bytes)`;
  }
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  return "{…}";
}

/** "setFoo(42, 0xabcd…1234)": the call with its arguments, literally. */
function literalCall(ctx: DecodeContext, call: DecodedCall): string {
  const args = call.params.map((p, i) => formatArg(ctx, p, call.args[i]));
  return `${call.name}(${args.join(", ")})`;
}

/** Category and risk of a call we can decode but have no describer for, from its name. */
function guessCategory(name: string): { category: Category; risk: RiskLevel } {
  if (/upgrade|^_?(set|change|update)\w*implementation/i.test(name))
    return { category: "upgrade", risk: "critical" };
  if (
    /role|owner|admin|guardian|minter|pauser|controller|operator|member|module|signer|threshold|keeper|manager/i.test(
      name,
    )
  )
    return { category: "role", risk: "high" };
  if (
    /^_?(set|update|change|configure|enable|disable|add|remove|allow|revoke|scope|assign|pause|unpause|lock)/i.test(
      name,
    )
  )
    return { category: "parameter", risk: "medium" };
  if (
    /^_?(propose|queue|execute|exec|cancel|castvote|vote|relay|delegate|multicall|aggregate|multisend)/i.test(
      name,
    )
  )
    return { category: "governance", risk: "high" };
  return { category: "call", risk: "medium" };
}

// ---------------------------------------------------------------------------------------------
// Describers

type Describer = (scope: CallScope, call: DecodedCall, out: Described) => void;

const A = (call: DecodedCall, i: number) => call.args[i];

function setRisk(out: Described, risk: RiskLevel, reason: string) {
  out.risk = maxRisk(out.risk, risk);
  out.riskReasons.push(reason);
}

const erc20Transfer: Describer = ({ ctx, target }, call, out) => {
  const to = addr(A(call, 0));
  const amount = big(A(call, 1));
  const info = tokenInfo(ctx, target);
  const fact = tokenTransfer(ctx, target, amount, to, "transfer");
  out.description = `Transfer ${amountOf(info, amount)}${usdSuffix(fact.usd)} to ${who(ctx, to)}`;
  out.category = "transfer";
  out.transfers.push(fact);
  setRisk(out, usdRisk(fact.usd), `moves ${amountOf(info, amount)}${usdSuffix(fact.usd)}`);
};

const erc20Approve: Describer = ({ ctx, target }, call, out) => {
  const spender = addr(A(call, 0));
  const amount = big(A(call, 1));
  const info = tokenInfo(ctx, target);
  out.category = "approval";
  if (amount === 0n) {
    // A revocation moves and allows nothing: it is not a transfer fact (a mandate's "funding"
    // rules must not fire on it).
    out.description = `Revoke ${who(ctx, spender)}'s allowance to spend ${info.symbol} (approve 0)`;
    return;
  }
  const fact = tokenTransfer(ctx, target, amount, spender, "approve");
  out.transfers.push(fact);
  if (amount >= UNLIMITED) {
    out.description = `Approve ${who(ctx, spender)} to spend an unlimited amount of ${info.symbol}`;
    setRisk(out, "high", `unlimited ${info.symbol} allowance to ${shortAddress(spender)}`);
    return;
  }
  out.description = `Approve ${who(ctx, spender)} to spend ${amountOf(info, amount)}${usdSuffix(fact.usd)}`;
  setRisk(out, usdRisk(fact.usd), `allowance of ${amountOf(info, amount)}${usdSuffix(fact.usd)}`);
};

const erc20TransferFrom: Describer = ({ ctx, target }, call, out) => {
  const from = addr(A(call, 0));
  const to = addr(A(call, 1));
  const amount = big(A(call, 2));
  const info = tokenInfo(ctx, target);
  out.category = "transfer";
  out.addresses.push(from);
  if (!info.known) {
    // Same selector for ERC-20 amounts and ERC-721 token ids: without a known token we cannot
    // tell which, so say both and price nothing.
    out.description = `Transfer ${formatInteger(amount)} (amount or token id) of ${who(ctx, target)} from ${who(ctx, from)} to ${who(ctx, to)}`;
    out.transfers.push(tokenTransfer(ctx, target, amount, to, "transfer"));
    setRisk(out, "medium", "unpriced token movement");
    return;
  }
  const fact = tokenTransfer(ctx, target, amount, to, "transfer");
  out.description = `Transfer ${amountOf(info, amount)}${usdSuffix(fact.usd)} from ${who(ctx, from)} to ${who(ctx, to)}`;
  out.transfers.push(fact);
  setRisk(out, usdRisk(fact.usd), `moves ${amountOf(info, amount)}${usdSuffix(fact.usd)}`);
};

const allowanceChange =
  (direction: "Increase" | "Decrease"): Describer =>
  ({ ctx, target }, call, out) => {
    const spender = addr(A(call, 0));
    const amount = big(A(call, 1));
    const info = tokenInfo(ctx, target);
    out.category = "approval";
    out.description = `${direction} ${who(ctx, spender)}'s ${info.symbol} allowance by ${amountOf(info, amount)}`;
    if (direction === "Increase") {
      const fact = tokenTransfer(ctx, target, amount, spender, "approve");
      out.transfers.push(fact);
      setRisk(out, usdRisk(fact.usd), `allowance of ${amountOf(info, amount)}`);
    }
  };

const mint: Describer = ({ ctx, target }, call, out) => {
  const to = addr(A(call, 0));
  const amount = big(A(call, 1));
  const info = tokenInfo(ctx, target);
  const fact = tokenTransfer(ctx, target, amount, to, "transfer");
  out.category = "transfer";
  out.description = `Mint ${amountOf(info, amount)}${usdSuffix(fact.usd)} to ${who(ctx, to)}`;
  out.transfers.push(fact);
  setRisk(out, maxRisk("high", usdRisk(fact.usd)), "mints new tokens (supply and voting power)");
};

const nftTransfer: Describer = ({ ctx, target }, call, out) => {
  const from = addr(A(call, 0));
  const to = addr(A(call, 1));
  const id = big(A(call, 2));
  const name = labelName(`0x${id.toString(16).padStart(64, "0")}`);
  const idText = name ? `${name} (token id = labelhash)` : `#${formatInteger(id)}`;
  const collection = labelOf(ctx, target) ?? shortAddress(target);
  out.category = "transfer";
  out.addresses.push(from);
  out.description = `Transfer NFT ${idText} of ${who(ctx, target)} from ${who(ctx, from)} to ${who(ctx, to)}`;
  out.transfers.push({
    asset: target as `0x${string}`,
    symbol: collection.slice(0, 32),
    decimals: 0,
    amount: "1",
    amountTokens: 1,
    usd: null,
    to: to as `0x${string}`,
    kind: "transfer",
  });
  setRisk(out, "medium", "unpriced NFT transfer");
};

const erc1155Transfer: Describer = ({ ctx, target }, call, out) => {
  const from = addr(A(call, 0));
  const to = addr(A(call, 1));
  const id = big(A(call, 2));
  const amount = big(A(call, 3));
  out.category = "transfer";
  out.addresses.push(from);
  out.description = `Transfer ${formatInteger(amount)} of token #${formatInteger(id)} of ${who(ctx, target)} from ${who(ctx, from)} to ${who(ctx, to)}`;
  out.transfers.push({
    asset: target as `0x${string}`,
    symbol: (labelOf(ctx, target) ?? shortAddress(target)).slice(0, 32),
    decimals: 0,
    amount: amount.toString(),
    amountTokens: toTokens(amount, 0),
    usd: null,
    to: to as `0x${string}`,
    kind: "transfer",
  });
  setRisk(out, "medium", "unpriced token transfer");
};

const setApprovalForAll: Describer = ({ ctx, target }, call, out) => {
  const operator = addr(A(call, 0));
  const approved = A(call, 1) === true;
  out.category = "approval";
  out.description = approved
    ? `Allow ${who(ctx, operator)} to move every token the DAO holds in ${who(ctx, target)}`
    : `Revoke ${who(ctx, operator)}'s operator rights on ${who(ctx, target)}`;
  if (approved) setRisk(out, "high", "operator approval over all tokens of a collection");
};

const wethDeposit: Describer = ({ ctx, target, value }, _call, out) => {
  out.category = "call";
  out.description = `Wrap ${formatUnitsGrouped(value, 18)} ETH into ${labelOf(ctx, target) ?? "WETH"} at ${shortAddress(target)}`;
};

const withdrawAmount: Describer = ({ ctx, target }, call, out) => {
  const amount = big(A(call, 0));
  const info = tokenInfo(ctx, target);
  out.category = "call";
  out.description = info.known
    ? `Unwrap ${amountOf(info, amount)} at ${who(ctx, target)}`
    : `Call withdraw(${formatInteger(amount)}) on ${who(ctx, target)}`;
  setRisk(out, "medium", "withdraws funds from a contract");
};

const withdrawAll: Describer = ({ ctx, target }, _call, out) => {
  out.category = "call";
  out.description = `Withdraw the balance held by ${who(ctx, target)} to its owner`;
};

const sweep: Describer = ({ ctx, target }, call, out) => {
  const dest = addr(A(call, 0));
  out.category = "transfer";
  out.description = `Sweep the remaining token balance held by ${who(ctx, target)} to ${who(ctx, dest)}`;
  setRisk(out, "medium", "moves an unstated balance");
};

const delegateVotes: Describer = ({ ctx, target }, call, out) => {
  const to = addr(A(call, 0));
  out.category = "governance";
  out.description = `Delegate the voting power of the DAO's ${labelOf(ctx, target) ?? shortAddress(target)} to ${who(ctx, to)}`;
  setRisk(out, "medium", "moves voting power");
};

const transferOwnership: Describer = ({ ctx, target }, call, out) => {
  const to = addr(A(call, 0));
  out.category = "role";
  out.description = `Transfer ownership of ${who(ctx, target)} to ${who(ctx, to)}`;
  setRisk(out, "high", "changes who controls a contract");
};

const renounceOwnership: Describer = ({ ctx, target }, _call, out) => {
  out.category = "role";
  out.description = `Renounce ownership of ${who(ctx, target)}: nobody will be able to call its owner-only functions again`;
  setRisk(out, "high", "irreversibly gives up control of a contract");
};

const acceptOwnership: Describer = ({ ctx, target }, _call, out) => {
  out.category = "role";
  out.description = `Accept ownership of ${who(ctx, target)}`;
  setRisk(out, "medium", "takes control of a contract");
};

const roleChange =
  (verb: "Grant" | "Revoke" | "Renounce"): Describer =>
  ({ ctx, target }, call, out) => {
    const role = roleName(str(A(call, 0)));
    const account = addr(A(call, 1));
    out.category = "role";
    const on = `on ${who(ctx, target)}`;
    out.description =
      verb === "Grant"
        ? `Grant ${role} ${on} to ${who(ctx, account)}`
        : verb === "Revoke"
          ? `Revoke ${role} ${on} from ${who(ctx, account)}`
          : `Renounce ${role} ${on} for ${who(ctx, account)}`;
    const admin = ADMIN_ROLES.has(role);
    setRisk(
      out,
      verb === "Grant" && admin ? "critical" : "high",
      `${verb.toLowerCase()}s ${role}${admin ? " (full control)" : ""}`,
    );
  };

const upgradeTo: Describer = ({ ctx, target }, call, out) => {
  const impl = addr(A(call, 0));
  out.category = "upgrade";
  out.description = `Upgrade proxy ${who(ctx, target)} to new implementation ${who(ctx, impl)}`;
  if (call.params.length > 1) {
    const data = hex(A(call, 1));
    if (data.length > 2)
      out.description += ` and call it with ${(data.length - 2) / 2} bytes of data`;
  }
  setRisk(out, "critical", "replaces contract code");
};

const proxyAdminUpgrade: Describer = ({ ctx, target }, call, out) => {
  const proxy = addr(A(call, 0));
  const impl = addr(A(call, 1));
  out.category = "upgrade";
  out.addresses.push(proxy);
  out.description = `Upgrade proxy ${who(ctx, proxy)} (through ProxyAdmin ${who(ctx, target)}) to new implementation ${who(ctx, impl)}`;
  setRisk(out, "critical", "replaces contract code");
};

const changeAdmin: Describer = ({ ctx, target }, call, out) => {
  const two = call.params.length === 2;
  const proxy = two ? addr(A(call, 0)) : target;
  const admin = addr(A(call, two ? 1 : 0));
  out.category = "upgrade";
  out.description = `Change the admin of proxy ${who(ctx, proxy)} to ${who(ctx, admin)} (the admin can replace its code)`;
  setRisk(out, "critical", "hands over the power to upgrade a proxy");
};

const updateDelay: Describer = ({ ctx, target }, call, out) => {
  const delay = big(A(call, 0));
  out.category = "parameter";
  out.description = `Change the timelock delay of ${who(ctx, target)} to ${formatDuration(delay)} (${formatInteger(delay)} s)`;
  setRisk(out, "high", "changes how long holders have to react to queued actions");
};

const timelockCancel: Describer = ({ ctx, target }, call, out) => {
  out.category = "governance";
  out.description = `Cancel queued operation ${str(A(call, 0)).slice(0, 10)}… on ${who(ctx, target)}`;
  setRisk(out, "medium", "cancels a queued operation");
};

const governorSetter =
  (what: string, unit: "seconds-or-blocks" | "votes" | "percent"): Describer =>
  ({ ctx, target }, call, out) => {
    const v = big(A(call, 0));
    const shown =
      unit === "percent"
        ? `${formatInteger(v)} (quorum numerator; % of supply with the default denominator of 100)`
        : unit === "votes"
          ? v % 10n ** 18n === 0n && v > 0n
            ? `${formatInteger(v / 10n ** 18n)} × 10^18 votes`
            : `${formatInteger(v)} votes (base units)`
          : `${formatInteger(v)} (blocks or seconds, per the governor's clock)`;
    out.category = "parameter";
    out.description = `Set the ${what} of ${who(ctx, target)} to ${shown}`;
    setRisk(out, "medium", `changes the governor's ${what}`);
  };

const updateTimelock: Describer = ({ ctx, target }, call, out) => {
  const timelock = addr(A(call, 0));
  out.category = "governance";
  out.description = `Move ${who(ctx, target)} to a new timelock ${who(ctx, timelock)} (the timelock holds the treasury and executes proposals)`;
  setRisk(out, "critical", "replaces the executor of every future proposal");
};

const governorProposalOp =
  (verb: string): Describer =>
  ({ ctx, target }, call, out) => {
    const targets = Array.isArray(A(call, 0)) ? (A(call, 0) as unknown[]) : [];
    out.category = "governance";
    out.description = `${verb} a governor proposal of ${targets.length} action${targets.length === 1 ? "" : "s"} on ${who(ctx, target)}`;
    for (const t of targets) out.addresses.push(addr(t));
    setRisk(out, "high", "acts on another proposal");
  };

/** "Transfer 1 ETH" → "transfer 1 ETH" (leaves "USDC …" and "0x…" alone). */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}

/** Describes a wrapped payload and merges what it implies into `out`. */
function absorb(out: Described, inner: Described) {
  out.risk = maxRisk(out.risk, inner.risk);
  out.riskReasons.push(...inner.riskReasons);
  out.transfers.push(...inner.transfers);
  out.addresses.push(...inner.addresses);
  out.unknown ||= inner.unknown;
  out.warnings.push(...inner.warnings);
  if (inner.category !== "call" && inner.category !== "governance") out.category = inner.category;
  if (inner.unknown) out.category = "unknown";
}

const timelockSingle =
  (verb: "Schedule" | "Execute"): Describer =>
  (scope, call, out) => {
    const innerTarget = addr(A(call, 0));
    const innerValue = big(A(call, 1));
    const innerData = hex(A(call, 2));
    const delay = verb === "Schedule" ? big(A(call, 5)) : null;
    const inner = describeCall(scope.ctx, innerTarget, innerValue, innerData, scope.depth + 1);
    out.category = "governance";
    out.addresses.push(innerTarget);
    absorb(out, inner);
    const when = delay === null ? "" : ` after ${formatDuration(delay)}`;
    out.description = `${verb} through timelock ${who(scope.ctx, scope.target)}${when}: ${lowerFirst(inner.description)}`;
    setRisk(out, "medium", `${verb.toLowerCase()}s a timelock operation`);
  };

const timelockBatch =
  (verb: "Schedule" | "Execute"): Describer =>
  (scope, call, out) => {
    const targets = (Array.isArray(A(call, 0)) ? A(call, 0) : []) as unknown[];
    const values = (Array.isArray(A(call, 1)) ? A(call, 1) : []) as unknown[];
    const payloads = (Array.isArray(A(call, 2)) ? A(call, 2) : []) as unknown[];
    out.category = "governance";
    const parts: string[] = [];
    targets.forEach((t, i) => {
      const inner = describeCall(
        scope.ctx,
        addr(t),
        big(values[i]),
        hex(payloads[i]),
        scope.depth + 1,
      );
      out.addresses.push(addr(t));
      absorb(out, inner);
      parts.push(`(${i + 1}) ${lowerFirst(inner.description)}`);
    });
    out.description = `${verb} a batch of ${targets.length} operation${targets.length === 1 ? "" : "s"} through timelock ${who(scope.ctx, scope.target)}: ${parts.join("; ")}`;
    setRisk(out, "medium", `${verb.toLowerCase()}s timelock operations`);
  };

const relay: Describer = (scope, call, out) => {
  const innerTarget = addr(A(call, 0));
  const inner = describeCall(
    scope.ctx,
    innerTarget,
    big(A(call, 1)),
    hex(A(call, 2)),
    scope.depth + 1,
  );
  out.category = "governance";
  out.addresses.push(innerTarget);
  absorb(out, inner);
  out.description = `Relay through governor ${who(scope.ctx, scope.target)}: ${lowerFirst(inner.description)}`;
  setRisk(out, "high", "the governor itself makes an arbitrary call");
};

const safeExec: Describer = (scope, call, out) => {
  const to = addr(A(call, 0));
  const value = big(A(call, 1));
  const data = hex(A(call, 2));
  const operation = Number(big(A(call, 3)));
  const inner = describeCall(scope.ctx, to, value, data, scope.depth + 1);
  out.category = "call";
  out.addresses.push(to);
  absorb(out, inner);
  const safeName = who(scope.ctx, scope.target);
  const via = /\bsafe\b/i.test(safeName) ? `Via ${safeName}` : `Via Safe ${safeName}`;
  const what = lowerFirst(inner.description);
  if (operation === 1) {
    out.description = `${via}, as a DELEGATECALL (runs foreign code with the Safe's storage and funds): ${what}`;
    setRisk(out, "critical", "Safe delegatecall");
  } else {
    out.description = `${via}: ${what}`;
  }
};

const safeOwners: Describer = ({ ctx, target }, call, out) => {
  out.category = "role";
  out.description = `Change the owners or threshold of Safe ${who(ctx, target)}: ${literalCall(ctx, call)}`;
  collectAddresses(call.params, call.args, out.addresses);
  setRisk(out, "high", "changes who controls a Safe");
};

const safeModule: Describer = ({ ctx, target }, call, out) => {
  out.category = "role";
  out.description = `${call.name === "disableModule" ? "Disable" : call.name === "setGuard" ? "Set the transaction guard on" : "Enable a module on"} Safe ${who(ctx, target)}: ${literalCall(ctx, call)}`;
  collectAddresses(call.params, call.args, out.addresses);
  setRisk(
    out,
    call.name === "enableModule" ? "critical" : "high",
    "a Safe module can move funds without the owners",
  );
};

// ENS --------------------------------------------------------------------------------------------

const ensSetOwner: Describer = ({ ctx, target }, call, out) => {
  const node = str(A(call, 0));
  const owner = addr(A(call, 1));
  out.category = "role";
  out.description = `Set the owner of ${describeNode(node)} in ${who(ctx, target)} to ${who(ctx, owner)}`;
  setRisk(out, "high", "changes who controls an ENS name");
};

const ensSetResolver: Describer = ({ ctx, target }, call, out) => {
  if (call.params.length === 1) {
    const resolver = addr(A(call, 0));
    out.category = "parameter";
    out.description = `Set the resolver used by ${who(ctx, target)} to ${who(ctx, resolver)}`;
    setRisk(out, "medium", "changes how names resolve");
    return;
  }
  const node = str(A(call, 0));
  const resolver = addr(A(call, 1));
  out.category = "parameter";
  out.description = `Set the resolver of ${describeNode(node)} in ${who(ctx, target)} to ${who(ctx, resolver)}`;
  setRisk(out, "medium", "changes how a name resolves");
};

const ensSetSubnodeOwner: Describer = ({ ctx, target }, call, out) => {
  out.category = "role";
  if (call.params.length === 2) {
    // Root.setSubnodeOwner(label, owner): assigns a top-level domain.
    const label = str(A(call, 0));
    const owner = addr(A(call, 1));
    const name = labelName(label);
    out.description = `Assign the top-level domain ${name ? `.${name}` : describeLabel(label)} on ${who(ctx, target)} to ${who(ctx, owner)}`;
    setRisk(out, "high", "changes who controls a top-level domain");
    return;
  }
  const node = str(A(call, 0));
  const label = str(A(call, 1));
  const owner = addr(A(call, 2));
  out.description = `Set the owner of ${describeSubname(node, label)} in ${who(ctx, target)} to ${who(ctx, owner)}`;
  setRisk(out, "high", "changes who controls an ENS name");
};

const ensSetSubnodeRecord: Describer = ({ ctx, target }, call, out) => {
  const node = str(A(call, 0));
  const label = str(A(call, 1));
  const owner = addr(A(call, 2));
  const resolver = addr(A(call, 3));
  out.category = "role";
  out.description = `Set ${describeSubname(node, label)} in ${who(ctx, target)} to owner ${who(ctx, owner)} with resolver ${who(ctx, resolver)}`;
  setRisk(out, "high", "changes who controls an ENS name");
};

const ensSetRecord: Describer = ({ ctx, target }, call, out) => {
  const node = str(A(call, 0));
  const owner = addr(A(call, 1));
  const resolver = addr(A(call, 2));
  out.category = "role";
  out.description = `Set ${describeNode(node)} in ${who(ctx, target)} to owner ${who(ctx, owner)} with resolver ${who(ctx, resolver)}`;
  setRisk(out, "high", "changes who controls an ENS name");
};

const setController: Describer = ({ ctx, target }, call, out) => {
  const controller = addr(A(call, 0));
  const enabled = A(call, 1) === true;
  out.category = "role";
  out.description = enabled
    ? `Authorise ${who(ctx, controller)} as a controller of ${who(ctx, target)}`
    : `Remove ${who(ctx, controller)} as a controller of ${who(ctx, target)}`;
  setRisk(out, "high", enabled ? "grants controller powers" : "revokes controller powers");
};

const controllerChange =
  (add: boolean): Describer =>
  ({ ctx, target }, call, out) => {
    const controller = addr(A(call, 0));
    out.category = "role";
    out.description = add
      ? `Add ${who(ctx, controller)} as a controller of ${who(ctx, target)} (controllers can register and renew names)`
      : `Remove ${who(ctx, controller)} as a controller of ${who(ctx, target)}`;
    setRisk(out, "high", add ? "grants controller powers" : "revokes controller powers");
  };

const ensLock: Describer = ({ ctx, target }, call, out) => {
  out.category = "role";
  out.description = `Permanently lock ${describeLabel(str(A(call, 0)))} on ${who(ctx, target)}`;
  setRisk(out, "high", "irreversible");
};

const registrarRegister: Describer = ({ ctx, target }, call, out) => {
  const id = big(A(call, 0));
  const owner = addr(A(call, 1));
  const duration = big(A(call, 2));
  const name = labelName(`0x${id.toString(16).padStart(64, "0")}`);
  out.category = "call";
  out.description = `Register ${name ? `${name}.eth` : `token id ${id.toString().slice(0, 12)}…`} on ${who(ctx, target)} to ${who(ctx, owner)} for ${formatDuration(duration)}`;
  setRisk(out, "medium", "registers a name");
};

const setPriceOracle: Describer = ({ ctx, target }, call, out) => {
  const oracle = addr(A(call, 0));
  out.category = "parameter";
  out.description = `Replace the price oracle of ${who(ctx, target)} with ${who(ctx, oracle)} (sets what every registration costs)`;
  setRisk(out, "high", "swaps the contract that prices names");
};

const setCommitmentAges: Describer = ({ ctx, target }, call, out) => {
  out.category = "parameter";
  out.description = `Set the commitment ages of ${who(ctx, target)} to ${formatDuration(big(A(call, 0)))} minimum and ${formatDuration(big(A(call, 1)))} maximum`;
  setRisk(out, "medium", "changes registration timing");
};

const setName: Describer = ({ ctx, target }, call, out) => {
  out.category = "parameter";
  out.description = `Set the DAO's primary name to ${quoteUntrusted(str(A(call, 0)))} through ${who(ctx, target)}`;
};

const setNameForAddr: Describer = ({ ctx, target }, call, out) => {
  const forAddr = addr(A(call, 0));
  out.category = "parameter";
  out.addresses.push(forAddr, addr(A(call, 1)), addr(A(call, 2)));
  out.description = `Set the primary name of ${who(ctx, forAddr)} to ${quoteUntrusted(str(A(call, 3)))} through ${who(ctx, target)}`;
};

const setDefaultResolver: Describer = ({ ctx, target }, call, out) => {
  out.category = "parameter";
  out.description = `Set the default resolver of ${who(ctx, target)} to ${who(ctx, addr(A(call, 0)))}`;
  setRisk(out, "medium", "changes how reverse names resolve");
};

const setInterface: Describer = ({ ctx, target }, call, out) => {
  const node = str(A(call, 0));
  const iface = str(A(call, 1));
  const impl = addr(A(call, 2));
  out.category = "parameter";
  out.description = `Point interface ${iface} of ${describeNode(node)} on ${who(ctx, target)} to ${who(ctx, impl)}`;
  setRisk(out, "medium", "changes which contract apps discover");
};

const setAddr: Describer = ({ ctx, target }, call, out) => {
  const node = str(A(call, 0));
  out.category = "parameter";
  out.description =
    call.params.length === 2
      ? `Set the address of ${describeNode(node)} on ${who(ctx, target)} to ${who(ctx, addr(A(call, 1)))}`
      : `Set the coin-type ${formatInteger(big(A(call, 1)))} address of ${describeNode(node)} on ${who(ctx, target)}`;
  setRisk(out, "medium", "changes where a name points");
};

const setText: Describer = ({ ctx, target }, call, out) => {
  out.category = "parameter";
  out.description = `Set text record ${quoteUntrusted(str(A(call, 1)), 40)} of ${describeNode(str(A(call, 0)))} on ${who(ctx, target)} to ${quoteUntrusted(str(A(call, 2)))}`;
};

const setMetadataService: Describer = ({ ctx, target }, call, out) => {
  out.category = "parameter";
  out.description = `Set the metadata service of ${who(ctx, target)} to ${who(ctx, addr(A(call, 0)))}`;
  setRisk(out, "medium", "changes token metadata");
};

const setUpgradeContract: Describer = ({ ctx, target }, call, out) => {
  out.category = "upgrade";
  out.description = `Set the upgrade contract of ${who(ctx, target)} to ${who(ctx, addr(A(call, 0)))} (names can then be migrated to it)`;
  setRisk(out, "critical", "lets names move to new code");
};

const dnssecSetter =
  (what: string): Describer =>
  ({ ctx, target }, call, out) => {
    out.category = "parameter";
    out.description = `Set DNSSEC ${what} ${formatInteger(big(A(call, 0)))} on ${who(ctx, target)} to ${who(ctx, addr(A(call, 1)))}`;
    setRisk(out, "high", "changes signature verification for DNS names");
  };

// Superfluid and swaps -----------------------------------------------------------------------------

const superTokenWrap =
  (direction: "Wrap" | "Unwrap"): Describer =>
  ({ ctx, target }, call, out) => {
    const amount = big(A(call, 0));
    const info = tokenInfo(ctx, target);
    out.category = "call";
    out.description =
      direction === "Wrap"
        ? `Wrap ${amountOf(info, amount)} (from its underlying token) in ${who(ctx, target)}`
        : `Unwrap ${amountOf(info, amount)} to its underlying token at ${who(ctx, target)}`;
  };

function streamRate(ctx: DecodeContext, token: string, flowrate: bigint) {
  const info = tokenInfo(ctx, token);
  const perYear = flowrate * SECONDS_PER_YEAR;
  return {
    info,
    perYear,
    text: info.known
      ? `${formatUnitsGrouped(flowrate, info.decimals, 9)} ${info.symbol}/s (≈ ${formatUnitsGrouped(perYear, info.decimals, 0)} ${info.symbol}/year)`
      : `${formatInteger(flowrate)} base units/s of token ${info.symbol}`,
  };
}

const setFlowrate: Describer = ({ ctx, target }, call, out) => {
  const token = addr(A(call, 0));
  const receiver = addr(A(call, 1));
  const flowrate = big(A(call, 2));
  out.category = "transfer";
  out.addresses.push(token);
  if (flowrate <= 0n) {
    out.description = `Stop the ${tokenInfo(ctx, token).symbol} stream to ${who(ctx, receiver)} (through ${who(ctx, target)})`;
    return;
  }
  const rate = streamRate(ctx, token, flowrate);
  const fact = tokenTransfer(ctx, token, rate.perYear, receiver, "stream");
  out.transfers.push(fact);
  out.description = `Stream ${rate.text}${usdSuffix(fact.usd)} to ${who(ctx, receiver)} (through ${who(ctx, target)})`;
  setRisk(out, usdRisk(fact.usd), `streams ${rate.text}`);
};

const flowChange =
  (verb: "Start" | "Update"): Describer =>
  ({ ctx, target }, call, out) => {
    const token = addr(A(call, 0));
    const sender = addr(A(call, 1));
    const receiver = addr(A(call, 2));
    const flowrate = big(A(call, 3));
    out.category = "transfer";
    out.addresses.push(token, sender);
    const rate = streamRate(ctx, token, flowrate);
    const fact = tokenTransfer(
      ctx,
      token,
      rate.perYear > 0n ? rate.perYear : 0n,
      receiver,
      "stream",
    );
    out.transfers.push(fact);
    out.description = `${verb} a stream of ${rate.text}${usdSuffix(fact.usd)} from ${who(ctx, sender)} to ${who(ctx, receiver)} (through ${who(ctx, target)})`;
    setRisk(out, usdRisk(fact.usd), `streams ${rate.text}`);
  };

const deleteFlow: Describer = ({ ctx, target }, call, out) => {
  const token = addr(A(call, 0));
  const sender = addr(A(call, 1));
  const receiver = addr(A(call, 2));
  out.category = "transfer";
  out.addresses.push(token, sender, receiver);
  out.description = `Stop the ${tokenInfo(ctx, token).symbol} stream from ${who(ctx, sender)} to ${who(ctx, receiver)} (through ${who(ctx, target)})`;
};

const createWrapSchedule: Describer = ({ ctx, target }, call, out) => {
  const superToken = addr(A(call, 0));
  const strategy = addr(A(call, 1));
  const lower = big(A(call, 4));
  const upper = big(A(call, 5));
  out.category = "call";
  collectAddresses(call.params, call.args, out.addresses);
  out.description = `Create an auto-wrap schedule on ${who(ctx, target)} for ${who(ctx, superToken)} using strategy ${who(ctx, strategy)} (top up when under ${formatDuration(lower)} of runway, to ${formatDuration(upper)})`;
};

const milkmanSwap: Describer = ({ ctx, target }, call, out) => {
  const amountIn = big(A(call, 0));
  const fromToken = addr(A(call, 1));
  const toToken = addr(A(call, 2));
  const to = addr(A(call, 3));
  const checker = addr(A(call, 4));
  const info = tokenInfo(ctx, fromToken);
  out.category = "call";
  out.addresses.push(fromToken, toToken, to, checker);
  out.description = `Request a swap of ${amountOf(info, amountIn)} for ${tokenInfo(ctx, toToken).symbol} through ${who(ctx, target)}, proceeds to ${who(ctx, to)} (price checker ${who(ctx, checker)})`;
  setRisk(out, "medium", "sells treasury assets");
};

const DESCRIBERS: Record<string, Describer> = {
  "transfer(address,uint256)": erc20Transfer,
  "approve(address,uint256)": erc20Approve,
  "transferFrom(address,address,uint256)": erc20TransferFrom,
  "increaseAllowance(address,uint256)": allowanceChange("Increase"),
  "decreaseAllowance(address,uint256)": allowanceChange("Decrease"),
  "mint(address,uint256)": mint,
  "safeTransferFrom(address,address,uint256)": nftTransfer,
  "safeTransferFrom(address,address,uint256,bytes)": nftTransfer,
  "safeTransferFrom(address,address,uint256,uint256,bytes)": erc1155Transfer,
  "setApprovalForAll(address,bool)": setApprovalForAll,
  "deposit()": wethDeposit,
  "withdraw(uint256)": withdrawAmount,
  "withdraw()": withdrawAll,
  "sweep(address)": sweep,
  "delegate(address)": delegateVotes,
  "transferOwnership(address)": transferOwnership,
  "renounceOwnership()": renounceOwnership,
  "acceptOwnership()": acceptOwnership,
  "grantRole(bytes32,address)": roleChange("Grant"),
  "revokeRole(bytes32,address)": roleChange("Revoke"),
  "renounceRole(bytes32,address)": roleChange("Renounce"),
  "upgradeTo(address)": upgradeTo,
  "upgradeToAndCall(address,bytes)": upgradeTo,
  "upgrade(address,address)": proxyAdminUpgrade,
  "upgradeAndCall(address,address,bytes)": proxyAdminUpgrade,
  "changeAdmin(address)": changeAdmin,
  "changeProxyAdmin(address,address)": changeAdmin,
  "schedule(address,uint256,bytes,bytes32,bytes32,uint256)": timelockSingle("Schedule"),
  "execute(address,uint256,bytes,bytes32,bytes32)": timelockSingle("Execute"),
  "scheduleBatch(address[],uint256[],bytes[],bytes32,bytes32,uint256)": timelockBatch("Schedule"),
  "executeBatch(address[],uint256[],bytes[],bytes32,bytes32)": timelockBatch("Execute"),
  "cancel(bytes32)": timelockCancel,
  "updateDelay(uint256)": updateDelay,
  "setVotingDelay(uint48)": governorSetter("voting delay", "seconds-or-blocks"),
  "setVotingDelay(uint256)": governorSetter("voting delay", "seconds-or-blocks"),
  "setVotingPeriod(uint32)": governorSetter("voting period", "seconds-or-blocks"),
  "setVotingPeriod(uint256)": governorSetter("voting period", "seconds-or-blocks"),
  "setProposalThreshold(uint256)": governorSetter("proposal threshold", "votes"),
  "updateQuorumNumerator(uint256)": governorSetter("quorum", "percent"),
  "setLateQuorumVoteExtension(uint48)": governorSetter(
    "late-quorum vote extension",
    "seconds-or-blocks",
  ),
  "setLateQuorumVoteExtension(uint64)": governorSetter(
    "late-quorum vote extension",
    "seconds-or-blocks",
  ),
  "relay(address,uint256,bytes)": relay,
  "updateTimelock(address)": updateTimelock,
  "propose(address[],uint256[],bytes[],string)": governorProposalOp("Create"),
  "queue(address[],uint256[],bytes[],bytes32)": governorProposalOp("Queue"),
  "execute(address[],uint256[],bytes[],bytes32)": governorProposalOp("Execute"),
  "cancel(address[],uint256[],bytes[],bytes32)": governorProposalOp("Cancel"),
  "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)":
    safeExec,
  "addOwnerWithThreshold(address,uint256)": safeOwners,
  "removeOwner(address,address,uint256)": safeOwners,
  "swapOwner(address,address,address)": safeOwners,
  "changeThreshold(uint256)": safeOwners,
  "enableModule(address)": safeModule,
  "disableModule(address,address)": safeModule,
  "setGuard(address)": safeModule,
  "setOwner(bytes32,address)": ensSetOwner,
  "setResolver(bytes32,address)": ensSetResolver,
  "setResolver(address)": ensSetResolver,
  "setSubnodeOwner(bytes32,bytes32,address)": ensSetSubnodeOwner,
  "setSubnodeOwner(bytes32,address)": ensSetSubnodeOwner,
  "setSubnodeRecord(bytes32,bytes32,address,address,uint64)": ensSetSubnodeRecord,
  "setRecord(bytes32,address,address,uint64)": ensSetRecord,
  "setController(address,bool)": setController,
  "addController(address)": controllerChange(true),
  "removeController(address)": controllerChange(false),
  "lock(bytes32)": ensLock,
  "register(uint256,address,uint256)": registrarRegister,
  "setPriceOracle(address)": setPriceOracle,
  "setCommitmentAges(uint256,uint256)": setCommitmentAges,
  "setName(string)": setName,
  "setNameForAddr(address,address,address,string)": setNameForAddr,
  "setDefaultResolver(address)": setDefaultResolver,
  "setInterface(bytes32,bytes4,address)": setInterface,
  "setAddr(bytes32,address)": setAddr,
  "setAddr(bytes32,uint256,bytes)": setAddr,
  "setText(bytes32,string,string)": setText,
  "setMetadataService(address)": setMetadataService,
  "setUpgradeContract(address)": setUpgradeContract,
  "setAlgorithm(uint8,address)": dnssecSetter("algorithm"),
  "setDigest(uint8,address)": dnssecSetter("digest"),
  "upgrade(uint256)": superTokenWrap("Wrap"),
  "downgrade(uint256)": superTokenWrap("Unwrap"),
  "setFlowrate(address,address,int96)": setFlowrate,
  "createFlow(address,address,address,int96,bytes)": flowChange("Start"),
  "updateFlow(address,address,address,int96,bytes)": flowChange("Update"),
  "deleteFlow(address,address,address,bytes)": deleteFlow,
  "createWrapSchedule(address,address,address,uint64,uint64,uint64)": createWrapSchedule,
  "requestSwapExactTokensForTokens(uint256,address,address,address,address,bytes)": milkmanSwap,
};

/** True when a describer gives this signature plain-language wording. */
export function hasDescriber(signature: string): boolean {
  return signature in DESCRIBERS;
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * Describes one call: `value` wei and `data` sent to `target`. Empty data with value is a native
 * ETH transfer; data that no ABI or signature decodes is an unknown call, never guessed.
 */
export function describeCall(
  ctx: DecodeContext,
  target: string,
  value: bigint,
  data: Hex,
  depth = 0,
): Described {
  const t = target.toLowerCase();
  const scope: CallScope = { ctx, target: t, value, depth };
  const hexOk = /^0x([0-9a-fA-F]{2})*$/.test(data);
  const bytes = hexOk ? (data.length - 2) / 2 : -1;

  if (bytes === 0) {
    const out = base(null);
    if (value > 0n) {
      const fact = nativeTransfer(ctx, value, t);
      out.category = "transfer";
      out.description = `Transfer ${formatUnitsGrouped(value, 18)} ETH${usdSuffix(fact.usd)} to ${who(ctx, t)}`;
      out.transfers.push(fact);
      setRisk(
        out,
        usdRisk(fact.usd),
        `moves ${formatUnitsGrouped(value, 18)} ETH${usdSuffix(fact.usd)}`,
      );
    } else {
      out.description = `Call ${who(ctx, t)} with no data and no value (no effect unless the target has a fallback function)`;
      setRisk(out, "medium", "empty call");
    }
    return out;
  }

  const call = hexOk && bytes >= 4 && depth <= MAX_DEPTH ? decodeCall(t, data, ctx) : null;
  if (!call) {
    const out = base(null);
    const selector =
      hexOk && bytes >= 4 ? (data.slice(0, 10).toLowerCase() as `0x${string}`) : null;
    out.selector = selector;
    out.unknown = true;
    out.category = "unknown";
    const what =
      selector ??
      (hexOk ? `with ${bytes} byte${bytes === 1 ? "" : "s"} of data` : "with malformed data");
    out.description = `Unknown call ${what} to ${who(ctx, t)}`;
    if (depth > MAX_DEPTH) out.description += " (nested too deep to decode)";
    if (value > 0n) {
      const fact = nativeTransfer(ctx, value, t);
      out.transfers.push(fact);
      out.description += `, sending ${formatUnitsGrouped(value, 18)} ETH${usdSuffix(fact.usd)}`;
      setRisk(out, "critical", "unknown call that also sends ETH");
    } else {
      setRisk(out, "high", "calldata that no known ABI or signature decodes");
    }
    return out;
  }

  const out = base(call);
  collectAddresses(call.params, call.args, out.addresses);
  const describer = DESCRIBERS[call.signature];
  if (describer) {
    describer(scope, call, out);
  } else if (call.readOnly) {
    out.category = "call";
    out.description = `Call ${literalCall(ctx, call)} on ${who(ctx, t)} (a read-only function: no effect)`;
  } else {
    const guess = guessCategory(call.name);
    out.category = guess.category;
    out.description = `Call ${literalCall(ctx, call)} on ${who(ctx, t)}`;
    setRisk(out, guess.risk, `${call.name} (${guess.category})`);
  }
  if (value > 0n) {
    const fact = nativeTransfer(ctx, value, t);
    out.transfers.push(fact);
    if (call.signature !== "deposit()")
      out.description += `, sending ${formatUnitsGrouped(value, 18)} ETH${usdSuffix(fact.usd)}`;
    setRisk(
      out,
      usdRisk(fact.usd),
      `sends ${formatUnitsGrouped(value, 18)} ETH${usdSuffix(fact.usd)}`,
    );
  }
  return out;
}
