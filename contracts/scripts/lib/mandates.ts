// TEMPORARY stub until @mandate/mandate lands (replaced in this change).
import { keccak256, toBytes } from "viem";
import type { DelegateKey, RegisteredMandate } from "../seed-dao.ts";

export function localMandates(): Record<DelegateKey, RegisteredMandate> {
  return {
    steward: { name: "Treasury Steward", hash: keccak256(toBytes("steward")), uri: "x" },
    builder: { name: "Builder", hash: keccak256(toBytes("builder")), uri: "y" },
  };
}
