/**
 * One real local chain per test file: contracts/scripts/chain.ts deploys the whole system and
 * seeds the DAO and markets on a free port. Transactions are signed locally with the Hardhat dev
 * mnemonic (local chain only), as a user's wallet would.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Account,
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { addressesFromDeployment, type MandateAddresses } from "../src/index.js";

/** Hardhat's well-known dev mnemonic: local chain only. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** Accounts of the seeded DAO (see contracts/scripts/seed-dao.ts). */
export const SEEDED = {
  /** Self-delegated 1.7M MNDT, proposer of the seeded proposals, sole committee member. */
  deployer: 0,
  /** 1.2M MNDT delegated to the Treasury Steward. */
  stewardHolder: 1,
  /** 800k MNDT delegated to the Builder. */
  builderHolder: 2,
  /** 600k MNDT delegated to the Treasury Steward. */
  stewardHolder2: 3,
  /** Self-delegated 400k MNDT. */
  selfDelegated: 5,
  /** Self-delegated 300k MNDT, with 250k delegated from account 7. */
  selfDelegated2: 6,
  /** Self-delegated 150k MNDT. */
  smallHolder: 8,
  /** 100k MNDT, never delegated. */
  undelegated: 9,
  /** Operator of AI delegate #1, the Treasury Steward. */
  stewardOperator: 10,
  /** Operator of AI delegate #2, the Builder. */
  builderOperator: 11,
} as const;

type ChainLike = {
  rpcUrl: string;
  deployment: {
    chainId: number;
    contracts: Record<string, { address: string; blockNumber: number }>;
    seededMarkets: { marketId: number; outcomes: string[] }[];
    dao: {
      proposals: { key: string; proposalId: string; marketId: number; state: string }[];
      delegates: { key: string; delegateId: number; instance: Address; operator: Address }[];
    } | null;
  };
  stop(): Promise<void>;
};

// Loaded at run time so tsc does not type-check the contracts package.
const scripts = fileURLToPath(new URL("../../../contracts/scripts/", import.meta.url));

export type TestChain = {
  rpcUrl: string;
  deployment: ChainLike["deployment"];
  addresses: MandateAddresses;
  publicClient: PublicClient<Transport, typeof hardhat>;
  testClient: TestClient<"hardhat", Transport, typeof hardhat>;
  /** The dev account `index`, signing locally. */
  account(index: number): Account;
  /** A wallet client signing as dev account `index`. */
  wallet(index: number): WalletClient<Transport, typeof hardhat, Account>;
  /** Moves the chain's clock forward and mines a block. */
  advance(seconds: bigint | number): Promise<void>;
  /** The latest block's timestamp. */
  now(): Promise<bigint>;
  stop(): Promise<void>;
};

export async function startTestChain(): Promise<TestChain> {
  const { startChain } = (await import(join(scripts, "chain.ts"))) as {
    startChain: (o: {
      port: number;
      deploymentFile: null;
      log?: (l: string) => void;
    }) => Promise<ChainLike>;
  };
  const { freePort } = (await import(join(scripts, "lib", "hardhat-node.ts"))) as {
    freePort: () => Promise<number>;
  };
  const chain = await startChain({ port: await freePort(), deploymentFile: null });
  const transport = http(chain.rpcUrl, { retryCount: 0 });
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 50 });
  const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport });
  const accounts = new Map<number, Account>();
  const account = (index: number) => {
    let a = accounts.get(index);
    if (a === undefined) {
      a = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
      accounts.set(index, a);
    }
    return a;
  };
  return {
    rpcUrl: chain.rpcUrl,
    deployment: chain.deployment,
    addresses: addressesFromDeployment(chain.deployment),
    publicClient,
    testClient,
    account,
    wallet: (index) =>
      createWalletClient({
        chain: hardhat,
        transport,
        account: account(index),
        pollingInterval: 50,
      }),
    advance: async (seconds) => {
      await testClient.increaseTime({ seconds: Number(seconds) });
      await testClient.mine({ blocks: 1 });
    },
    now: async () => (await publicClient.getBlock()).timestamp,
    stop: () => chain.stop(),
  };
}
