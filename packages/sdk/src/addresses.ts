/**
 * Where Mandate's contracts live: from the deployment records of `@mandate/abis`
 * (`deployments.localhost`, …), from a deployment record file, or given by hand.
 */

import { deployments } from "@mandate/abis";
import { type Address, getAddress, isAddress } from "viem";
import { MandateError } from "./errors.js";

/** The addresses the SDK talks to. Keys are the ABI names of `@mandate/abis` without "Abi". */
export type MandateAddresses = {
  /** The chain these addresses are on, when known. */
  chainId?: number | undefined;
  lmsrMarket: Address;
  committeeResolver: Address;
  governorResolver: Address;
  optimisticResolver: Address;
  tradingVault: Address;
  governanceToken: Address;
  mandateGovernor: Address;
  timelockController: Address;
  aiDelegateRegistry: Address;
  /** The demo collateral (mUSD, anyone can mint): local chain only. */
  demoCollateral?: Address | undefined;
  /** The first block worth scanning for events: the earliest deployment block (default 0). */
  fromBlock?: bigint | undefined;
};

/** The address keys every deployment needs. */
export const REQUIRED_ADDRESS_KEYS = [
  "lmsrMarket",
  "committeeResolver",
  "governorResolver",
  "optimisticResolver",
  "tradingVault",
  "governanceToken",
  "mandateGovernor",
  "timelockController",
  "aiDelegateRegistry",
] as const satisfies readonly (keyof MandateAddresses)[];

/** Contract names of a deployment record → SDK keys. */
const RECORD_KEYS = {
  LMSRMarket: "lmsrMarket",
  CommitteeResolver: "committeeResolver",
  GovernorResolver: "governorResolver",
  OptimisticResolver: "optimisticResolver",
  TradingVault: "tradingVault",
  GovernanceToken: "governanceToken",
  MandateGovernor: "mandateGovernor",
  TimelockController: "timelockController",
  AIDelegateRegistry: "aiDelegateRegistry",
  DemoCollateral: "demoCollateral",
} as const satisfies Record<string, keyof MandateAddresses>;

/** A deployment record as `contracts/scripts/chain.ts` writes it (deployments/localhost.json). */
export type DeploymentRecord = {
  chainId: number;
  contracts: Record<string, { address: string; blockNumber: number }>;
};

/** The SDK addresses of a deployment record (`contracts/deployments/<network>.json`). */
export function addressesFromDeployment(record: DeploymentRecord): MandateAddresses {
  const found: Partial<Record<keyof MandateAddresses, unknown>> = { chainId: record.chainId };
  let fromBlock: number | undefined;
  for (const [name, key] of Object.entries(RECORD_KEYS)) {
    const entry = record.contracts[name];
    if (entry === undefined) continue;
    found[key] = entry.address;
    fromBlock =
      fromBlock === undefined ? entry.blockNumber : Math.min(fromBlock, entry.blockNumber);
  }
  return resolveAddresses({
    ...(found as Partial<MandateAddresses>),
    fromBlock: fromBlock === undefined ? undefined : BigInt(fromBlock),
  });
}

const known = Object.entries(deployments as Record<string, DeploymentRecord>);

function knownChains(): string {
  return known.map(([name, d]) => `${name} (${d.chainId})`).join(", ") || "none";
}

/**
 * The addresses of Mandate on `chainId`, from `@mandate/abis`'s deployment records.
 * @throws MandateError `UnknownChain` when Mandate has no recorded deployment there.
 */
export function mandateAddresses(chainId: number): MandateAddresses {
  const entry = known.find(([, d]) => d.chainId === chainId);
  if (entry === undefined) {
    throw new MandateError({
      kind: "config",
      code: "UnknownChain",
      shortMessage: `Mandate has no deployment on chain ${chainId}. Known: ${knownChains()}. Pass the addresses yourself: resolveAddresses({ chainId, lmsrMarket, … }).`,
    });
  }
  return addressesFromDeployment(entry[1]);
}

/**
 * Addresses from `overrides`: with a known `chainId`, the recorded deployment with `overrides` on
 * top; otherwise every required address must be given. Addresses are checked and checksummed.
 * @throws MandateError `UnknownChain`, `MissingAddress` or `InvalidAddress`.
 */
export function resolveAddresses(overrides: Partial<MandateAddresses> = {}): MandateAddresses {
  const { chainId } = overrides;
  const base: Partial<MandateAddresses> = {};
  const record =
    chainId === undefined ? undefined : known.find(([, d]) => d.chainId === chainId)?.[1];
  if (record !== undefined) {
    for (const [name, key] of Object.entries(RECORD_KEYS)) {
      const entry = record.contracts[name];
      if (entry !== undefined) base[key] = entry.address as Address;
    }
    const blocks = Object.values(record.contracts).map((c) => c.blockNumber);
    if (blocks.length > 0) base.fromBlock = BigInt(Math.min(...blocks));
  }
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, v]) => v !== undefined),
  ) as Partial<MandateAddresses>;
  const merged: Partial<MandateAddresses> = { ...base, ...defined };

  const missing = REQUIRED_ADDRESS_KEYS.filter((k) => merged[k] === undefined);
  if (missing.length > 0) {
    throw new MandateError({
      kind: "config",
      code: chainId !== undefined && record === undefined ? "UnknownChain" : "MissingAddress",
      shortMessage:
        chainId !== undefined && record === undefined
          ? `Mandate has no deployment on chain ${chainId} (known: ${knownChains()}), and these addresses were not given: ${missing.join(", ")}.`
          : `Missing Mandate contract address${missing.length > 1 ? "es" : ""}: ${missing.join(", ")}. Give a chainId with a known deployment, or every address.`,
    });
  }
  const result: Record<string, unknown> = { ...merged };
  for (const key of [...REQUIRED_ADDRESS_KEYS, "demoCollateral"] as const) {
    const value = merged[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || !isAddress(value, { strict: false })) {
      throw new MandateError({
        kind: "config",
        code: "InvalidAddress",
        shortMessage: `The ${key} address "${String(value)}" is not an Ethereum address.`,
      });
    }
    result[key] = getAddress(value);
  }
  return result as MandateAddresses;
}

/**
 * `addresses` if given, else the recorded deployment of the client's chain.
 * @throws MandateError `UnknownChain` (the client has no chain, or Mandate is not deployed on it).
 */
export function addressesFor(
  client: { chain?: { id: number } | undefined },
  addresses?: MandateAddresses | undefined,
): MandateAddresses {
  if (addresses !== undefined) return addresses;
  const chainId = client.chain?.id;
  if (chainId === undefined) {
    throw new MandateError({
      kind: "config",
      code: "UnknownChain",
      shortMessage:
        "The client has no chain, so Mandate's addresses are unknown: create the client with a chain (e.g. viem/chains hardhat) or pass addresses.",
    });
  }
  return mandateAddresses(chainId);
}
