import "server-only";
import type { Address } from "viem";
import { LOCAL_CHAIN_ID } from "../config";
import { DEV_ACCOUNT_COUNT, devAccount } from "../wallet/dev-accounts";

let cached: Address[] | null = null;

/** The dev accounts' addresses for the picker (derived once); empty off the local chain. */
export function devAccountAddresses(chainId: number): Address[] {
  if (chainId !== LOCAL_CHAIN_ID) return [];
  cached ??= Array.from({ length: DEV_ACCOUNT_COUNT }, (_, i) => devAccount(i, chainId).address);
  return cached;
}
