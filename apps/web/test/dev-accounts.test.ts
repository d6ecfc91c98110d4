import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  assertDevChain,
  DEV_ACCOUNT_COUNT,
  DevAccountRefusedError,
  devAccount,
  HARDHAT_MNEMONIC,
} from "@/lib/wallet/dev-accounts";

describe("dev accounts", () => {
  it("derive Hardhat's accounts on the local chain", () => {
    const a0 = devAccount(0, 31337);
    const a5 = devAccount(5, 31337);
    expect(a0.address).toBe(mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 0 }).address);
    expect(a5.address).not.toBe(a0.address);
    expect(DEV_ACCOUNT_COUNT).toBe(20);
  });
  it("are refused on any other chain", () => {
    for (const chainId of [1, 10, 8453, 11155111, 31338]) {
      expect(() => devAccount(0, chainId)).toThrow(DevAccountRefusedError);
      expect(() => assertDevChain(chainId)).toThrow(`refused on chain ${chainId}`);
    }
  });
  it("check the index", () => {
    expect(() => devAccount(20, 31337)).toThrow(/from 0 to 19, got 20/);
    expect(() => devAccount(-1, 31337)).toThrow(DevAccountRefusedError);
    expect(() => devAccount(1.5, 31337)).toThrow(DevAccountRefusedError);
  });
});
