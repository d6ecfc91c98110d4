/**
 * A fresh local chain for the chain tests: contracts/scripts/chain.ts (Hardhat node, the whole
 * system deployed, the DAO seeded) on a free port in 8700–8799, and dev-account wallets.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { demoCollateralAbi } from "@mandate/abis";
import { HARDHAT_MNEMONIC } from "@mandate/delegate";
import {
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  type HDAccount,
  http,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";

// Loaded at run time so tsc does not type-check the contracts package from here.
export interface RunningChainLike {
  rpcUrl: string;
  deployment: {
    chainId: number;
    contracts: Record<string, { address: string; blockNumber: number }>;
    dao: {
      proposals: { key: string; proposalId: string; marketId: number; state: string }[];
    } | null;
  };
  stop(): Promise<void>;
}
const contractsScripts = fileURLToPath(new URL("../../../contracts/scripts/", import.meta.url));

/** Ports this package's tests may use (others are taken by other work on the machine). */
export const PORT_RANGE = { from: 8700, to: 8799 } as const;

export async function startLocalChain(nodeLogFile: string): Promise<RunningChainLike> {
  const { startChain } = (await import(join(contractsScripts, "chain.ts"))) as {
    startChain: (o: {
      port: number;
      deploymentFile: null;
      nodeLogFile?: string;
    }) => Promise<RunningChainLike>;
  };
  const { isPortFree } = (await import(join(contractsScripts, "lib", "hardhat-node.ts"))) as {
    isPortFree: (port: number, host?: string) => Promise<boolean>;
  };
  const ports = Array.from(
    { length: PORT_RANGE.to - PORT_RANGE.from + 1 },
    (_, i) => PORT_RANGE.from + i,
  ).sort(() => Math.random() - 0.5);
  let lastError: unknown = null;
  for (const port of ports.slice(0, 10)) {
    if (!(await isPortFree(port))) continue;
    try {
      return await startChain({ port, deploymentFile: null, nodeLogFile });
    } catch (e) {
      // Another process took the port between the check and the start: try the next one.
      lastError = e;
      if (!(e instanceof Error) || e.name !== "PortInUseError") throw e;
    }
  }
  throw new Error(`no free port in ${PORT_RANGE.from}–${PORT_RANGE.to}: ${String(lastError)}`);
}

export function localChain(rpcUrl: string): Chain {
  return defineChain({
    id: 31337,
    name: "Mandate local chain (test)",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export const dev = (i: number): HDAccount =>
  mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i });

export interface Clients {
  chain: Chain;
  client: PublicClient;
  wallet: (i: number) => WalletClient<Transport, Chain, HDAccount>;
  test: TestClient<"hardhat", Transport, Chain>;
}

export function clients(rpcUrl: string): Clients {
  const chain = localChain(rpcUrl);
  const transport = http(rpcUrl);
  const client = createPublicClient({ chain, transport }) as PublicClient;
  const wallet = (i: number) => createWalletClient({ account: dev(i), chain, transport });
  const test = createTestClient({ mode: "hardhat", chain, transport });
  return { chain, client, wallet, test };
}

/** Mints demo collateral (mUSD: anyone may mint, local chain only). */
export async function mintUsd(
  rpcUrl: string,
  token: Address,
  to: Address,
  amount: bigint,
): Promise<void> {
  const { client, wallet } = clients(rpcUrl);
  const hash = await wallet(0).writeContract({
    address: token,
    abi: demoCollateralAbi,
    functionName: "mint",
    args: [to, amount],
  });
  await client.waitForTransactionReceipt({ hash });
}
