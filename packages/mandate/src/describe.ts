/**
 * Mandate conditions in plain words, for the holder to read: one copy shared by the AI delegate
 * (which explains a compiled mandate) and the web app (which shows a mandate before it is signed).
 */
import type { Bounds, Condition } from "./mandate.js";

function formatNumber(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 6 });
}

function bounds(b: Bounds, unit = ""): string {
  const parts: string[] = [];
  if (b.gt !== undefined) parts.push(`above ${unit}${formatNumber(b.gt)}`);
  if (b.gte !== undefined) parts.push(`at least ${unit}${formatNumber(b.gte)}`);
  if (b.lt !== undefined) parts.push(`below ${unit}${formatNumber(b.lt)}`);
  if (b.lte !== undefined) parts.push(`at most ${unit}${formatNumber(b.lte)}`);
  return parts.join(" and ");
}

/** A condition in plain words; clauses are joined with "and", `{}` is "always". */
export function describeCondition(c: Condition): string {
  const parts: string[] = [];
  if (c.topic) parts.push(`the topic is ${c.topic.anyOf.join(" or ")}`);
  if (c.actionCategory) parts.push(`an action is of kind ${c.actionCategory.anyOf.join(" or ")}`);
  if (c.executable !== undefined) {
    parts.push(c.executable ? "it executes actions" : "it executes nothing");
  }
  if (c.hasTransfers !== undefined) {
    parts.push(c.hasTransfers ? "it moves funds" : "it moves no funds");
  }
  if (c.totalUsd) parts.push(`the funds moved total ${bounds(c.totalUsd, "$")}`);
  if (c.unpricedTransfers !== undefined) {
    parts.push(c.unpricedTransfers ? "some funds moved have no price" : "every transfer is priced");
  }
  if (c.maxTransferTokens) {
    const { symbol, ...b } = c.maxTransferTokens;
    parts.push(`its largest ${symbol} transfer is ${bounds(b)} ${symbol}`);
  }
  for (const [key, label] of [
    ["transferTo", "a recipient"],
    ["targets", "a target"],
    ["addresses", "an address involved"],
  ] as const) {
    const set = c[key];
    if (set?.anyOf) parts.push(`${label} is one of ${set.anyOf.join(", ")}`);
    if (set?.noneOf)
      parts.push(`no ${label.replace(/^an? /, "")} is one of ${set.noneOf.join(", ")}`);
  }
  if (c.risk) {
    if (c.risk.atLeast) parts.push(`the risk is ${c.risk.atLeast} or higher`);
    if (c.risk.atMost) parts.push(`the risk is ${c.risk.atMost} or lower`);
    if (c.risk.in) parts.push(`the risk is ${c.risk.in.join(" or ")}`);
  }
  if (c.unknownCalldata !== undefined) {
    parts.push(c.unknownCalldata ? "some calldata cannot be decoded" : "all calldata is decoded");
  }
  if (c.hasMismatch !== undefined) {
    parts.push(
      c.hasMismatch ? "the text disagrees with the actions" : "the text matches the actions",
    );
  }
  if (c.any) parts.push(`either (${c.any.map(describeCondition).join(") or (")})`);
  if (c.all) parts.push(c.all.map(describeCondition).join(" and "));
  if (c.not) parts.push(`not (${describeCondition(c.not)})`);
  return parts.length === 0 ? "always" : parts.join(" and ");
}
