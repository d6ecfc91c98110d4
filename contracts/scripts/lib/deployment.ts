/**
 * The deployment record of a local chain: contracts/deployments/localhost.json, written by
 * `npm run chain` (scripts/chain.ts) and read by the apps, the agents and the end-to-end tests.
 *
 * It holds nothing that changes between two runs of the same code on the default port (no
 * timestamps; addresses come from the fresh chain's fixed deployer nonces), so regenerating it does
 * not churn the files generated from it.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Address } from "viem";
import type { SeededMarket } from "../seed.ts";
import type { DaoSeedResult } from "../seed-dao.ts";
import type { VaultSeedResult } from "../seed-vault.ts";

export interface DeployedContractRecord {
  address: Address;
  /** Block of the creating transaction. */
  blockNumber: number;
}

export interface LocalDeployment {
  chainId: number;
  rpcUrl: string;
  contracts: {
    LMSRMarket: DeployedContractRecord;
    CommitteeResolver: DeployedContractRecord;
    /** MockERC20 "Mandate Demo USD" (mUSD, 6 decimals): demo only, anyone can mint. */
    DemoCollateral: DeployedContractRecord;
    GovernanceToken: DeployedContractRecord;
    TimelockController: DeployedContractRecord;
    MandateGovernor: DeployedContractRecord;
    AIDelegateRegistry: DeployedContractRecord;
    TradingVault: DeployedContractRecord;
    GovernorResolver: DeployedContractRecord;
    OptimisticResolver: DeployedContractRecord;
    /** Demo only: the upgradeable premium price oracle the seeded DAO votes to upgrade. */
    PriceOracleProxy: DeployedContractRecord;
  };
  /** General markets (committee-resolved) with their seeded trading history. */
  seededMarkets: SeededMarket[];
  /** The seeded DAO (holders, AI delegates, proposals and their markets); null when not seeded. */
  dao: DaoSeedResult | null;
  /** The seeded trading vault (a holder's deposit and an AI trader's policy); null when not seeded. */
  vault: VaultSeedResult | null;
}

export function writeDeployment(path: string, deployment: LocalDeployment): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(deployment, null, 2)}\n`);
}

export function readDeployment(path: string): LocalDeployment {
  return JSON.parse(readFileSync(path, "utf8")) as LocalDeployment;
}
