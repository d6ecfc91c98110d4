/**
 * The local chain's dev accounts: Hardhat's default mnemonic, publicly known. They exist so a
 * newcomer can act on the local chain without installing a wallet, and are refused on any chain
 * other than 31337 (a real network would hand their funds to anyone).
 */
import { type HDAccount, mnemonicToAccount } from "viem/accounts";
import { assertDevChain, DevAccountRefusedError } from "./dev-chain";

export { assertDevChain, DevAccountRefusedError };

/** Hardhat's default mnemonic (local chain only). */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";
/** Hardhat's default number of accounts. */
export const DEV_ACCOUNT_COUNT = 20;

/** Dev account `index` (0–19) for signing, on the local chain only. */
export function devAccount(index: number, chainId: number): HDAccount {
  assertDevChain(chainId);
  if (!Number.isInteger(index) || index < 0 || index >= DEV_ACCOUNT_COUNT) {
    throw new DevAccountRefusedError(
      `Dev account index must be a whole number from 0 to ${DEV_ACCOUNT_COUNT - 1}, got ${index}.`,
    );
  }
  return mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
}
