"use client";
/**
 * The browser wallet (wagmi's injected connector), loaded only when someone connects one (or was
 * connected before). It reports the connection up to the WalletProvider, which hands its viem
 * WalletClient to the Mandate SDK like any other signer.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import type { Address, WalletClient } from "viem";
import {
  createConfig,
  http,
  injected,
  useConnect,
  useConnection,
  useDisconnect,
  useSwitchChain,
  useWalletClient,
  WagmiProvider,
} from "wagmi";
import { mandateChain } from "@/lib/chain";
import type { ClientConfig } from "@/lib/config";

export type InjectedReport = {
  status: "connecting" | "connected" | "disconnected";
  address: Address | null;
  chainId: number | null;
  walletClient: WalletClient | null;
  error: string | null;
  disconnect(): void;
  switchChain(): void;
};

export type InjectedWalletProps = {
  config: ClientConfig;
  /** Ask the wallet to connect at once (a click on "Connect wallet"), else only reconnect. */
  connectNow: boolean;
  onChange(report: InjectedReport): void;
};

function InjectedWallet(props: InjectedWalletProps) {
  const rpc = new URL(props.config.rpcPath, window.location.origin).toString();
  const wagmiConfig = useMemo(() => {
    const chain = mandateChain(props.config.chainId, rpc);
    return createConfig({
      chains: [chain],
      connectors: [injected()],
      transports: { [chain.id]: http(rpc) },
      // Hydrate once, in an effect: without it wagmi's <Hydrate> reconnects on every render, and
      // each reconnect re-renders the provider above (an update loop).
      ssr: true,
    });
  }, [props.config.chainId, rpc]);
  const [queryClient] = useState(() => new QueryClient());
  return (
    <WagmiProvider config={wagmiConfig} reconnectOnMount>
      <QueryClientProvider client={queryClient}>
        <Reporter {...props} />
      </QueryClientProvider>
    </WagmiProvider>
  );
}

/** Re-rendered only when its props change, not with every update of the provider above. */
export default memo(InjectedWallet);

function Reporter({ config, connectNow, onChange }: InjectedWalletProps) {
  const connection = useConnection();
  const { connect, connectors } = useConnect();
  const { disconnect } = useDisconnect();
  const { switchChain } = useSwitchChain();
  const { data: walletClient } = useWalletClient();
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(false);

  useEffect(() => {
    if (!connectNow || asked.current) return;
    asked.current = true;
    const connector = connectors[0];
    if (connector === undefined) {
      setError("No browser wallet found.");
      return;
    }
    connect(
      { connector, chainId: config.chainId },
      { onError: (e) => setError(e.message.split("\n")[0] ?? "The wallet refused to connect.") },
    );
  }, [connectNow, connectors, connect, config.chainId]);

  // wagmi's mutation functions may change identity on every render: keep them in a ref, so the
  // report below changes only when the connection does (no render loop with the provider).
  const actions = useRef({ disconnect, switchChain });
  actions.current = { disconnect, switchChain };
  const status =
    connection.status === "connected"
      ? "connected"
      : connection.status === "connecting" || connection.status === "reconnecting"
        ? "connecting"
        : "disconnected";
  const client = (walletClient as WalletClient | undefined) ?? null;
  const report = useMemo<InjectedReport>(
    () => ({
      status,
      address: connection.address ?? null,
      chainId: connection.chainId ?? null,
      walletClient: client,
      error,
      disconnect: () => actions.current.disconnect(),
      switchChain: () =>
        actions.current.switchChain(
          { chainId: config.chainId },
          { onError: (e) => setError(e.message.split("\n")[0] ?? "Could not switch network.") },
        ),
    }),
    [status, connection.address, connection.chainId, client, error, config.chainId],
  );
  useEffect(() => onChange(report), [report, onChange]);
  return null;
}
