/**
 * Finds the function a piece of calldata calls. Lookup order: the ABI the context gives for the
 * target, Mandate's own contracts (@mandate/abis), the known contract families (./known-abis.ts),
 * then the shipped signature table (./signatures.json). A candidate is accepted only when the
 * calldata decodes with it and re-encoding the decoded arguments gives the calldata back (ABI
 * candidates may carry trailing bytes, which is reported); a selector known only from the
 * signature table must round-trip exactly. Nothing is guessed: no match means unknown.
 */
import * as mandateAbis from "@mandate/abis";
import {
  type AbiFunction,
  type AbiParameter,
  decodeFunctionData,
  encodeFunctionData,
  type Hex,
  parseAbiItem,
  toFunctionSelector,
  toFunctionSignature,
} from "viem";
import type { DecodeContext } from "../types.js";
import { KNOWN_ABIS } from "./known-abis.js";
import signatureTable from "./signatures.json" with { type: "json" };

export type CallSource = "context" | "project" | "known" | "signatures";

export interface DecodedCall {
  selector: `0x${string}`;
  /** Canonical signature, e.g. "transfer(address,uint256)". */
  signature: string;
  name: string;
  params: readonly AbiParameter[];
  args: readonly unknown[];
  source: CallSource;
  /** False when the calldata carries bytes after the encoded arguments. */
  exact: boolean;
  /** True when the ABI marks the function view or pure (a proposal calling it changes nothing). */
  readOnly: boolean;
}

interface Candidate {
  item: AbiFunction;
  source: CallSource;
}

function functionItems(abi: readonly unknown[]): AbiFunction[] {
  return abi.filter(
    (x): x is AbiFunction =>
      typeof x === "object" && x !== null && (x as { type?: unknown }).type === "function",
  );
}

function indexBySelector(
  items: readonly AbiFunction[],
  source: CallSource,
  into: Map<string, Candidate[]>,
) {
  for (const item of items) {
    let selector: string;
    try {
      selector = toFunctionSelector(item);
    } catch {
      continue;
    }
    const list = into.get(selector) ?? [];
    if (!list.some((c) => toFunctionSignature(c.item) === toFunctionSignature(item))) {
      list.push({ item, source });
    }
    into.set(selector, list);
  }
}

let staticIndex: Map<string, Candidate[]> | null = null;

/** Mandate's contracts first, then the known families. Built once. */
function getStaticIndex(): Map<string, Candidate[]> {
  if (staticIndex) return staticIndex;
  const index = new Map<string, Candidate[]>();
  for (const value of Object.values(mandateAbis as Record<string, unknown>)) {
    if (Array.isArray(value)) indexBySelector(functionItems(value), "project", index);
  }
  for (const abi of KNOWN_ABIS) indexBySelector(abi, "known", index);
  staticIndex = index;
  return index;
}

const contextIndexes = new WeakMap<readonly unknown[], Map<string, Candidate[]>>();

function getContextIndex(abi: readonly unknown[]): Map<string, Candidate[]> {
  let index = contextIndexes.get(abi);
  if (!index) {
    index = new Map();
    indexBySelector(functionItems(abi), "context", index);
    contextIndexes.set(abi, index);
  }
  return index;
}

const table = signatureTable as Record<string, string>;
const parsedSignatures = new Map<string, AbiFunction | null>();

/** The signature-table entry for a selector, parsed; null when absent or unparsable. */
export function signatureFor(selector: string): AbiFunction | null {
  if (parsedSignatures.has(selector)) return parsedSignatures.get(selector) ?? null;
  const signature = table[selector];
  let item: AbiFunction | null = null;
  if (signature !== undefined) {
    try {
      const parsed = parseAbiItem(`function ${signature}`);
      if (parsed.type === "function") item = parsed as AbiFunction;
    } catch {
      item = null;
    }
  }
  parsedSignatures.set(selector, item);
  return item;
}

/** The number of entries in the shipped signature table. */
export function signatureTableSize(): number {
  return Object.keys(table).length;
}

function tryDecode(
  item: AbiFunction,
  data: Hex,
): { args: readonly unknown[]; exact: boolean } | null {
  try {
    const decoded = decodeFunctionData({ abi: [item], data });
    const args = (decoded.args ?? []) as readonly unknown[];
    const again = encodeFunctionData({
      abi: [item],
      functionName: item.name,
      args: args as never,
    } as never) as Hex;
    const lower = data.toLowerCase();
    const re = again.toLowerCase();
    if (re === lower) return { args, exact: true };
    if (lower.startsWith(re)) return { args, exact: false };
    return null;
  } catch {
    return null;
  }
}

/**
 * Decodes `data` sent to `target`. Returns null when no known ABI or signature decodes it
 * cleanly. `data` must be at least a 4-byte selector.
 */
export function decodeCall(target: string, data: Hex, ctx: DecodeContext): DecodedCall | null {
  if (!/^0x([0-9a-fA-F]{2}){4,}$/.test(data)) return null;
  const selector = data.slice(0, 10).toLowerCase() as `0x${string}`;
  const candidates: Candidate[] = [];
  const contextAbi = ctx.contracts[target.toLowerCase()]?.abi;
  if (contextAbi) candidates.push(...(getContextIndex(contextAbi).get(selector) ?? []));
  candidates.push(...(getStaticIndex().get(selector) ?? []));
  for (const { item, source } of candidates) {
    const result = tryDecode(item, data);
    if (result) {
      return {
        selector,
        signature: toFunctionSignature(item),
        name: item.name,
        params: item.inputs,
        args: result.args,
        source,
        exact: result.exact,
        readOnly: item.stateMutability === "view" || item.stateMutability === "pure",
      };
    }
  }
  const fromTable = signatureFor(selector);
  if (fromTable) {
    const result = tryDecode(fromTable, data);
    if (result?.exact) {
      return {
        selector,
        signature: toFunctionSignature(fromTable),
        name: fromTable.name,
        params: fromTable.inputs,
        args: result.args,
        source: "signatures",
        exact: true,
        readOnly: false,
      };
    }
  }
  return null;
}
