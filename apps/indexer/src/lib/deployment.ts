import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Address, getAddress, isAddress } from "viem";

/** The contracts the indexer reads, as in contracts/deployments/<network>.json. */
export const INDEXED_CONTRACTS = [
  "LMSRMarket",
  "CommitteeResolver",
  "GovernorResolver",
  "OptimisticResolver",
  "TradingVault",
  "GovernanceToken",
  "MandateGovernor",
  "AIDelegateRegistry",
] as const;
export type IndexedContract = (typeof INDEXED_CONTRACTS)[number];

export interface Deployment {
  chainId: number;
  contracts: Record<IndexedContract, { address: Address; blockNumber: number }>;
}

interface DeploymentLike {
  chainId?: number;
  contracts: Record<string, { address: string; blockNumber: number } | undefined>;
}

/**
 * The deployment to index: `MANDATE_DEPLOYMENT_FILE` if set (a deployment record written by
 * contracts/scripts/chain.ts or an Ignition deployment summarised in the same format), else the
 * given default (@mandate/abis' `deployments.localhost`). `MANDATE_CHAIN_ID` overrides the chain id.
 */
export function loadDeployment(
  env: Record<string, string | undefined>,
  fallback: DeploymentLike,
): Deployment {
  let source: DeploymentLike = fallback;
  let origin = "@mandate/abis deployments.localhost";
  const file = env.MANDATE_DEPLOYMENT_FILE;
  if (file) {
    origin = resolve(file);
    try {
      source = JSON.parse(readFileSync(origin, "utf8")) as DeploymentLike;
    } catch (error) {
      throw new Error(
        `MANDATE_DEPLOYMENT_FILE=${file}: cannot read a deployment record (${(error as Error).message})`,
      );
    }
  }
  const chainId = env.MANDATE_CHAIN_ID ? Number(env.MANDATE_CHAIN_ID) : (source.chainId ?? 31337);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new Error(`Invalid chain id ${env.MANDATE_CHAIN_ID ?? source.chainId} (from ${origin})`);
  }
  const contracts = {} as Deployment["contracts"];
  for (const name of INDEXED_CONTRACTS) {
    const entry = source.contracts?.[name];
    if (entry === undefined || !isAddress(entry.address, { strict: false })) {
      throw new Error(`${origin} has no valid address for ${name}`);
    }
    if (!Number.isSafeInteger(entry.blockNumber) || entry.blockNumber < 0) {
      throw new Error(`${origin} has no valid blockNumber for ${name}`);
    }
    contracts[name] = { address: getAddress(entry.address), blockNumber: entry.blockNumber };
  }
  return { chainId, contracts };
}
