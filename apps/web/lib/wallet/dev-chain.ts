import { LOCAL_CHAIN_ID } from "../config";

export class DevAccountRefusedError extends Error {
  override name = "DevAccountRefusedError";
}

/** Throws {@link DevAccountRefusedError} unless `chainId` is the local chain's. */
export function assertDevChain(chainId: number): void {
  if (chainId !== LOCAL_CHAIN_ID) {
    throw new DevAccountRefusedError(
      `Dev accounts are refused on chain ${chainId}: their keys are public, so they exist only on the local chain (${LOCAL_CHAIN_ID}). Connect a wallet instead.`,
    );
  }
}
