/**
 * Decodes a proposal's actions (targets, values, calldatas) into plain-language action facts,
 * value movements priced with the context's token table, and a risk level driven by what the
 * actions can do. The decoder reads only the actions, never the prose, so nothing in the
 * description can change what it reports.
 */
import type { ActionFact, RiskLevel, TransferFact } from "@mandate/mandate";
import type { Hex } from "viem";
import type { DecodeContext, ProposalInput } from "../types.js";
import { describeCall, labelOf, maxRisk, usdRisk } from "./describe.js";
import { formatUsd } from "./format.js";

export interface DecodedProposal {
  /** One fact per action, in proposal order. */
  actions: ActionFact[];
  /** Every value movement the actions imply: transfers, approvals, streams, native ETH. */
  transfers: TransferFact[];
  /** Every call target (lowercase), deduplicated, in order of first use. */
  targets: `0x${string}`[];
  /** Every address the actions touch: targets, recipients, addresses in arguments (lowercase). */
  addresses: `0x${string}`[];
  /** True when any action (or a payload it wraps) could not be decoded. */
  unknownCalldata: boolean;
  /** Sum of transfer USD values when every transfer is priced; null when any is unpriced. */
  totalUsd: number | null;
  /** Risk from the actions alone: the highest action risk, and the total value moved. */
  risk: RiskLevel;
  /** One line per risk driver, e.g. "action 2: replaces contract code". */
  riskReasons: string[];
  /** Risk of each action, parallel to `actions`. */
  actionRisks: RiskLevel[];
  /** Oddities worth a flag: array length mismatches, malformed targets, trailing calldata. */
  warnings: string[];
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ZERO_ADDRESS = `0x${"0".repeat(40)}`;

function normalizeAddress(value: unknown): `0x${string}` | null {
  return typeof value === "string" && ADDRESS.test(value)
    ? (value.toLowerCase() as `0x${string}`)
    : null;
}

/** Decodes every action of `p` with the ABIs and prices in `ctx`. Never throws on bad input. */
export function decodeProposal(p: ProposalInput, ctx: DecodeContext): DecodedProposal {
  const targetsIn = Array.isArray(p.targets) ? p.targets : [];
  const valuesIn = Array.isArray(p.values) ? p.values : [];
  const calldatasIn = Array.isArray(p.calldatas) ? p.calldatas : [];
  const warnings: string[] = [];
  const count = Math.max(targetsIn.length, valuesIn.length, calldatasIn.length);
  if (targetsIn.length !== valuesIn.length || targetsIn.length !== calldatasIn.length) {
    warnings.push(
      `The proposal's arrays differ in length (${targetsIn.length} targets, ${valuesIn.length} values, ${calldatasIn.length} calldatas); missing entries are read as zero value and empty calldata.`,
    );
  }

  const actions: ActionFact[] = [];
  const transfers: TransferFact[] = [];
  const actionRisks: RiskLevel[] = [];
  const riskReasons: string[] = [];
  const targets: `0x${string}`[] = [];
  const addresses = new Set<`0x${string}`>();
  let unknownCalldata = false;
  let risk: RiskLevel = "low";

  for (let i = 0; i < count; i++) {
    let target = normalizeAddress(targetsIn[i]);
    if (target === null) {
      warnings.push(`Action ${i + 1} has no valid target address; it is treated as unknown.`);
      target = ZERO_ADDRESS as `0x${string}`;
    }
    const rawValue = valuesIn[i];
    let value = 0n;
    try {
      value = rawValue === undefined ? 0n : BigInt(rawValue);
    } catch {
      warnings.push(`Action ${i + 1} has an unreadable value; it is read as 0.`);
    }
    if (value < 0n) {
      warnings.push(`Action ${i + 1} has a negative value; it is read as 0.`);
      value = 0n;
    }
    const rawData = calldatasIn[i];
    const data = (typeof rawData === "string" ? rawData : "0x") as Hex;
    const described = describeCall(ctx, target, value, data);
    if (normalizeAddress(targetsIn[i]) === null) {
      described.unknown = true;
      described.category = "unknown";
      described.risk = maxRisk(described.risk, "high");
      described.riskReasons.push("no valid target address");
    }

    actions.push({
      index: i,
      target,
      targetLabel: labelOf(ctx, target),
      value: value.toString(),
      selector: described.selector,
      signature: described.signature,
      unknown: described.unknown,
      description: described.description,
      category: described.category,
    });
    for (const t of described.transfers) transfers.push({ ...t, actionIndex: i });
    for (const w of described.warnings) warnings.push(`Action ${i + 1}: ${w}.`);
    actionRisks.push(described.risk);
    for (const reason of described.riskReasons) riskReasons.push(`action ${i + 1}: ${reason}`);
    risk = maxRisk(risk, described.risk);
    unknownCalldata ||= described.unknown;
    if (!targets.includes(target)) targets.push(target);
    addresses.add(target);
    for (const t of described.transfers) addresses.add(t.to);
    for (const a of described.addresses) {
      const n = normalizeAddress(a);
      if (n && n !== ZERO_ADDRESS) addresses.add(n);
    }
  }

  let totalUsd: number | null = 0;
  for (const t of transfers) {
    if (t.usd === null) {
      totalUsd = null;
      break;
    }
    totalUsd += t.usd;
  }
  if (transfers.length > 0) {
    const totalRisk = usdRisk(totalUsd);
    if (maxRisk(risk, totalRisk) !== risk) {
      riskReasons.push(
        totalUsd === null
          ? "some value moved is unpriced"
          : `total value moved ${formatUsd(totalUsd)}`,
      );
      risk = totalRisk;
    }
  }

  return {
    actions,
    transfers,
    targets,
    addresses: [...addresses],
    unknownCalldata,
    totalUsd,
    risk,
    riskReasons,
    actionRisks,
    warnings,
  };
}

export { describeCall } from "./describe.js";
export { formatUnitsGrouped, shortAddress } from "./format.js";
