/**
 * MandateError without a chain: every custom error of every exported ABI has a message (and the
 * table names no error that no ABI has), messages read well with real-looking arguments, viem's
 * error chains are walked to the custom error, and wallet and node failures read clearly.
 */
import * as abis from "@mandate/abis";
import { lmsrMarketAbi, mandateGovernorAbi, tradingVaultAbi } from "@mandate/abis";
import { SharesBelowMinError } from "@mandate/lmsr";
import {
  type Abi,
  type AbiParameter,
  BaseError,
  CallExecutionError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  createPublicClient,
  encodeErrorResult,
  HttpRequestError,
  http,
  InsufficientFundsError,
  pad,
  toHex,
  UserRejectedRequestError,
} from "viem";
import { hardhat } from "viem/chains";
import { describe, expect, it } from "vitest";
import {
  describeContractError,
  errorMessages,
  formatAmount,
  formatDuration,
  formatTimestamp,
  getMarket,
  MandateError,
  mandateErrorsAbi,
  proposalStatesFromBitmap,
  toMandateError,
} from "../src/index.js";

/** Every ABI @mandate/abis exports (by export name, e.g. "lmsrMarketAbi"). */
const exportedAbis = (Object.entries(abis) as [string, unknown][]).filter(
  (entry): entry is [string, Abi] => entry[0].endsWith("Abi") && Array.isArray(entry[1]),
);

/** A plausible value for an ABI parameter. */
function sample(param: AbiParameter, i: number): unknown {
  const { type } = param;
  if (type === "address") return `0x${(i + 1).toString(16).padStart(40, "0")}`;
  if (type === "bool") return true;
  if (type === "string") return "sample text";
  if (type === "bytes32") return pad(toHex(i + 2), { size: 32 });
  if (type.startsWith("bytes")) return "0x1234";
  if (type === "uint8") return 3;
  if (type.startsWith("uint") || type.startsWith("int")) return 1_234_567_890n + BigInt(i);
  throw new Error(`no sample for ${type}`);
}

describe("every custom error has a message", () => {
  const errors = exportedAbis.flatMap(([abiName, abi]) =>
    abi
      .filter((item) => item.type === "error")
      .map((item) => ({ abiName, item: item as Extract<Abi[number], { type: "error" }> })),
  );

  it("finds the ABIs and their errors", () => {
    expect(exportedAbis.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        "lmsrMarketAbi",
        "committeeResolverAbi",
        "governorResolverAbi",
        "optimisticResolverAbi",
        "tradingVaultAbi",
        "governanceTokenAbi",
        "mandateGovernorAbi",
        "aiDelegateRegistryAbi",
        "aiDelegateAbi",
        "demoCollateralAbi",
        "timelockControllerAbi",
        "proxyAdminAbi",
      ]),
    );
    expect(new Set(errors.map((e) => e.item.name)).size).toBeGreaterThan(150);
  });

  it.each(errors.map((e) => [`${e.abiName}.${e.item.name}`, e] as const))("%s", (_, { item }) => {
    expect(Object.hasOwn(errorMessages, item.name), `no message for ${item.name}`).toBe(true);
    const args = item.inputs.map(sample);
    const message = describeContractError(item.name, args, {
      collateral: { symbol: "mUSD", decimals: 6 },
    });
    expect(message).toBeTypeOf("string");
    expect(message?.length).toBeGreaterThan(15);
    expect(message).not.toMatch(/undefined|NaN|\[object Object\]/);
    expect(message).toMatch(/[.?!"]$/);

    // The same through viem's decoding of real revert data, as a failed call produces it.
    const data = encodeErrorResult({ abi: [item], errorName: item.name, args } as never);
    const error = toMandateError(
      new ContractFunctionRevertedError({ abi: mandateErrorsAbi as Abi, data, functionName: "f" }),
    );
    expect(error.errorName).toBe(item.name);
    expect(error.kind).toBe("contract");
    expect(error.shortMessage).toBe(describeContractError(item.name, args));
  });

  it("names no error that no ABI defines", () => {
    const known = new Set(errors.map((e) => e.item.name));
    expect(Object.keys(errorMessages).filter((name) => !known.has(name))).toEqual([]);
  });
});

describe("messages", () => {
  it("explains slippage with token amounts", () => {
    expect(
      describeContractError("CostAboveMax", [12_340_000n, 12_000_000n], {
        collateral: { symbol: "mUSD", decimals: 6 },
      }),
    ).toBe("The price moved: this buy now costs 12.34 mUSD, above your limit of 12.00 mUSD.");
    // Without units, base units.
    expect(describeContractError("CostAboveMax", { cost: 5n, maxCost: 4n })).toBe(
      "The price moved: this buy now costs 5 base units, above your limit of 4 base units.",
    );
  });

  it("explains a proposal in the wrong state by what was attempted", () => {
    const bitmap = (...states: number[]) =>
      pad(toHex(states.reduce((m, s) => m | (1n << BigInt(s)), 0n)), { size: 32 });
    expect(describeContractError("GovernorUnexpectedProposalState", [1n, 3, bitmap(1)])).toBe(
      "Voting is not open for this proposal (it is Defeated).",
    );
    expect(describeContractError("GovernorUnexpectedProposalState", [1n, 1, bitmap(4)])).toBe(
      "This proposal cannot be queued: it is Active, and only a proposal that succeeded can be queued.",
    );
    expect(describeContractError("GovernorUnexpectedProposalState", [1n, 7, bitmap(4, 5)])).toMatch(
      /^This proposal cannot be executed: it is Executed\./,
    );
    expect(describeContractError("GovernorUnexpectedProposalState", [1n, 2, bitmap(0, 1)])).toBe(
      "This proposal is Canceled; this action needs it to be Pending or Active.",
    );
    expect(proposalStatesFromBitmap(bitmap(4, 5))).toEqual(["Succeeded", "Queued"]);
  });

  it("formats amounts, times and durations for people", () => {
    const usd = { symbol: "mUSD", decimals: 6 };
    expect(formatAmount(12_345_678n, usd)).toBe("12.345678 mUSD");
    expect(formatAmount(1_234_500_000n, usd)).toBe("1,234.50 mUSD");
    expect(formatAmount(0n, usd)).toBe("0.00 mUSD");
    expect(formatAmount(-1_500_000n, usd)).toBe("-1.50 mUSD");
    expect(formatAmount(1_234_567n)).toBe("1,234,567 base units");
    expect(formatAmount(100_000n * 10n ** 18n, { symbol: "MNDT", decimals: 18 })).toBe(
      "100,000.00 MNDT",
    );
    expect(formatTimestamp(0n)).toBe("1970-01-01 00:00:00 UTC");
    expect(formatDuration(90_061)).toBe("1 day 1 hour");
    expect(formatDuration(59)).toBe("59 seconds");
  });
});

describe("toMandateError", () => {
  it("decodes an error that bubbled up from another contract (market error in a vault call)", () => {
    const data = encodeErrorResult({
      abi: lmsrMarketAbi,
      errorName: "CostAboveMax",
      args: [12_340_000n, 12_000_000n],
    });
    // viem cannot decode it with the vault's ABI: it only reports the signature.
    const reverted = new ContractFunctionRevertedError({
      abi: tradingVaultAbi,
      data,
      functionName: "buy",
    });
    expect(reverted.data).toBeUndefined();
    const wrapped = new ContractFunctionExecutionError(reverted, {
      abi: tradingVaultAbi,
      functionName: "buy",
      args: [],
    });
    const error = toMandateError(wrapped, { collateral: { symbol: "mUSD", decimals: 6 } });
    expect(error.errorName).toBe("CostAboveMax");
    expect(error.functionName).toBe("buy");
    expect(error.args).toEqual({ cost: 12_340_000n, maxCost: 12_000_000n });
    expect(error.argsList).toEqual([12_340_000n, 12_000_000n]);
    expect(error.shortMessage).toBe(
      "The price moved: this buy now costs 12.34 mUSD, above your limit of 12.00 mUSD.",
    );
    expect(error.message).toContain(
      "Contract error: CostAboveMax(cost: 12340000, maxCost: 12000000)",
    );
    expect(error.walk()).toBeInstanceOf(Error);
  });

  it("finds revert data on a low-level RPC error", () => {
    const data = encodeErrorResult({
      abi: mandateGovernorAbi,
      errorName: "GovernorAlreadyCastVote",
      args: ["0x0000000000000000000000000000000000000001"],
    });
    const rpc = Object.assign(new BaseError("execution reverted"), { data });
    const error = toMandateError(new CallExecutionError(rpc, {}));
    expect(error.errorName).toBe("GovernorAlreadyCastVote");
    expect(error.shortMessage).toBe(
      "0x0000000000000000000000000000000000000001 has already voted on this proposal.",
    );
  });

  it("falls back to the raw name and arguments for an error no table knows", () => {
    const abi = [
      {
        type: "error",
        name: "SomethingElse",
        inputs: [{ name: "code", type: "uint256" }],
      },
    ] as const;
    const data = encodeErrorResult({ abi, errorName: "SomethingElse", args: [7n] });
    const error = toMandateError(
      new ContractFunctionRevertedError({ abi, data, functionName: "f" }),
    );
    expect(error.kind).toBe("contract");
    expect(error.errorName).toBe("SomethingElse");
    expect(error.shortMessage).toBe(
      "The contract rejected the transaction with SomethingElse(code: 7).",
    );
  });

  it("reports an unknown selector, a reason string, a panic and a bare revert", () => {
    const unknown = toMandateError(
      new ContractFunctionRevertedError({ abi: [], data: "0xdeadbeef", functionName: "f" }),
    );
    expect(unknown.code).toBe("UnknownContractError");
    expect(unknown.selector).toBe("0xdeadbeef");

    const reasonData = encodeErrorResult({
      abi: [{ type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] }],
      errorName: "Error",
      args: ["Ownable: caller is not the owner"],
    });
    const reason = toMandateError(
      new ContractFunctionRevertedError({ abi: [], data: reasonData, functionName: "f" }),
    );
    expect(reason.code).toBe("RevertReason");
    expect(reason.shortMessage).toBe(
      "The transaction was rejected: Ownable: caller is not the owner",
    );

    const panicData = encodeErrorResult({
      abi: [{ type: "error", name: "Panic", inputs: [{ name: "code", type: "uint256" }] }],
      errorName: "Panic",
      args: [17n],
    });
    const panic = toMandateError(
      new ContractFunctionRevertedError({ abi: [], data: panicData, functionName: "f" }),
    );
    expect(panic.code).toBe("Panic");
    expect(panic.shortMessage).toContain("overflowed or underflowed");

    const bare = toMandateError(
      new ContractFunctionRevertedError({ abi: [], data: "0x", functionName: "f" }),
    );
    expect(bare.code).toBe("RevertWithoutReason");
  });

  it("explains a rejected request, missing gas money and an unreachable node", () => {
    const rejected = toMandateError(new UserRejectedRequestError(new Error("User denied")));
    expect(rejected.kind).toBe("userRejected");
    expect(rejected.shortMessage).toBe("You rejected the request in your wallet.");

    const poor = toMandateError(
      new InsufficientFundsError({ cause: new BaseError("insufficient funds") }),
    );
    expect(poor.kind).toBe("insufficientFunds");
    expect(poor.shortMessage).toMatch(/not have enough ETH to pay for this transaction's gas/);

    const down = toMandateError(
      new HttpRequestError({ url: "http://127.0.0.1:9", details: "fetch failed" }),
    );
    expect(down.kind).toBe("rpcUnreachable");
    expect(down.shortMessage).toBe(
      "Could not reach the Ethereum node at http://127.0.0.1:9. Check that it is running (for the local chain: npm start) and that the RPC URL is right.",
    );

    const lmsr = toMandateError(new SharesBelowMinError({ shares: 0n, minShares: 0n }));
    expect(lmsr.errorName).toBe("SharesBelowMin");

    const other = toMandateError("boom");
    expect(other.kind).toBe("unknown");
    expect(other.shortMessage).toBe("boom");
  });

  it("turns a real connection failure into rpcUnreachable", async () => {
    const client = createPublicClient({
      chain: hardhat,
      transport: http("http://127.0.0.1:9", { retryCount: 0, timeout: 5_000 }),
    });
    const error = await getMarket(client, { marketId: 1n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MandateError);
    expect((error as MandateError).kind).toBe("rpcUnreachable");
    expect((error as MandateError).shortMessage).toContain("http://127.0.0.1:9");
  });
});
