/**
 * Addresses: from @mandate/abis's deployment records, from a deployment file, or by hand, with
 * errors that say what is wrong; and the bound client's set-up errors.
 */
import { deployments } from "@mandate/abis";
import { createPublicClient, http, zeroAddress } from "viem";
import { hardhat, mainnet } from "viem/chains";
import { describe, expect, it } from "vitest";
import {
  addressesFor,
  addressesFromDeployment,
  createMandateClient,
  MandateError,
  mandateAddresses,
  REQUIRED_ADDRESS_KEYS,
  resolveAddresses,
} from "../src/index.js";

function thrown(fn: () => unknown): MandateError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MandateError);
    return error as MandateError;
  }
  throw new Error("expected an error");
}

const local = deployments.localhost;

describe("mandateAddresses", () => {
  it("reads the localhost deployment (chain 31337)", () => {
    const a = mandateAddresses(31337);
    expect(a.chainId).toBe(31337);
    expect(a.lmsrMarket).toBe(local.contracts.LMSRMarket.address);
    expect(a.mandateGovernor).toBe(local.contracts.MandateGovernor.address);
    expect(a.aiDelegateRegistry).toBe(local.contracts.AIDelegateRegistry.address);
    expect(a.tradingVault).toBe(local.contracts.TradingVault.address);
    expect(a.demoCollateral).toBe(local.contracts.DemoCollateral.address);
    expect(a.fromBlock).toBe(
      BigInt(Math.min(...Object.values(local.contracts).map((c) => c.blockNumber))),
    );
    for (const key of REQUIRED_ADDRESS_KEYS) expect(a[key]).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it("names the chain and the known ones when Mandate is not deployed there", () => {
    const error = thrown(() => mandateAddresses(1));
    expect(error.kind).toBe("config");
    expect(error.code).toBe("UnknownChain");
    expect(error.shortMessage).toBe(
      "Mandate has no deployment on chain 1. Known: localhost (31337). Pass the addresses yourself: resolveAddresses({ chainId, lmsrMarket, … }).",
    );
  });
});

describe("resolveAddresses", () => {
  it("overrides a known deployment one address at a time, checksumming", () => {
    const vault = "0x00000000000000000000000000000000000000aa";
    const a = resolveAddresses({ chainId: 31337, tradingVault: vault });
    expect(a.tradingVault).toBe("0x00000000000000000000000000000000000000AA");
    expect(a.lmsrMarket).toBe(local.contracts.LMSRMarket.address);
  });

  it("takes every address by hand on an unknown chain", () => {
    const all = Object.fromEntries(
      REQUIRED_ADDRESS_KEYS.map((k, i) => [k, `0x${(i + 1).toString(16).padStart(40, "0")}`]),
    );
    const a = resolveAddresses({ chainId: 8453, ...all });
    expect(a.chainId).toBe(8453);
    expect(a.governanceToken).toBe("0x0000000000000000000000000000000000000006");
    expect(a.demoCollateral).toBeUndefined();
  });

  it("lists what is missing", () => {
    const none = thrown(() => resolveAddresses({}));
    expect(none.code).toBe("MissingAddress");
    expect(none.shortMessage).toBe(
      `Missing Mandate contract addresses: ${REQUIRED_ADDRESS_KEYS.join(", ")}. Give a chainId with a known deployment, or every address.`,
    );
    const partial = thrown(() => resolveAddresses({ chainId: 8453, lmsrMarket: zeroAddress }));
    expect(partial.code).toBe("UnknownChain");
    expect(partial.shortMessage).toMatch(
      /^Mandate has no deployment on chain 8453 \(known: localhost \(31337\)\), and these addresses were not given: committeeResolver, /,
    );
  });

  it("refuses something that is not an address", () => {
    const error = thrown(() =>
      resolveAddresses({ chainId: 31337, tradingVault: "0x1234" as never }),
    );
    expect(error.code).toBe("InvalidAddress");
    expect(error.shortMessage).toBe(
      'The tradingVault address "0x1234" is not an Ethereum address.',
    );
  });

  it("reads a deployment record file's shape (contracts/deployments/localhost.json)", () => {
    const a = addressesFromDeployment(local);
    expect(a).toEqual(mandateAddresses(31337));
  });
});

describe("clients", () => {
  it("needs a chain, or addresses, to know where Mandate is", () => {
    const chainless = createPublicClient({ transport: http("http://127.0.0.1:9") });
    expect(thrown(() => addressesFor(chainless)).code).toBe("UnknownChain");
    const onMainnet = createPublicClient({ chain: mainnet, transport: http("http://127.0.0.1:9") });
    expect(thrown(() => createMandateClient({ publicClient: onMainnet })).code).toBe(
      "UnknownChain",
    );
  });

  it("refuses writes without a wallet client", async () => {
    const publicClient = createPublicClient({
      chain: hardhat,
      transport: http("http://127.0.0.1:9"),
    });
    const client = createMandateClient({ publicClient });
    expect(client.addresses.lmsrMarket).toBe(local.contracts.LMSRMarket.address);
    const error = await client.markets
      .buy({ marketId: 1n, outcome: 0n, shares: 1n })
      .catch((e) => e);
    expect(error).toBeInstanceOf(MandateError);
    expect(error.code).toBe("NoWalletClient");
  });
});
