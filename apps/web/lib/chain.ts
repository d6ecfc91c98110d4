import { type Chain, defineChain } from "viem";
import { LOCAL_CHAIN_ID } from "./config";

/** The viem chain for the configured chain id, talking to `rpcUrl`. */
export function mandateChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === LOCAL_CHAIN_ID ? "Mandate local chain" : `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}
