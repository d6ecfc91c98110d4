"use client";
/**
 * Who signs: a browser wallet (wagmi's injected connector) or, on the local chain only, one of the
 * Hardhat dev accounts (signed in the page with viem's `mnemonicToAccount`). Both end up as a viem
 * WalletClient handed to `createMandateClient`, so every write goes through @mandate/sdk.
 *
 * This provider is light: the wallet runtime (viem, the SDK) is loaded the first time something
 * needs it — a component that reads the chain, or picking an account — and wagmi only when a
 * browser wallet connects. Reads go to the app's same-origin JSON-RPC proxy (`/api/rpc`).
 */
import type { MandateClient } from "@mandate/sdk";
import dynamic from "next/dynamic";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { Address, PublicClient, WalletClient } from "viem";
import { type ClientConfig, LOCAL_CHAIN_ID } from "@/lib/config";
import type { Runtime } from "@/lib/wallet/runtime";
import type { InjectedReport } from "./InjectedWallet";

const InjectedWallet = dynamic(() => import("./InjectedWallet"), { ssr: false });

export type WalletMode = "none" | "dev" | "injected";

export type WalletState = {
  config: ClientConfig;
  /** Null until the wallet runtime has loaded (see `load`). */
  publicClient: PublicClient | null;
  mode: WalletMode;
  /** The signing address, or null when nothing is connected. */
  address: Address | null;
  walletClient: WalletClient | null;
  /** Read-only without a wallet client; null until loaded, or for a chain with no deployment. */
  mandate: MandateClient | null;
  devIndex: number | null;
  devAccounts: readonly Address[];
  /** The connected browser wallet is on another chain: writes are blocked until it switches. */
  wrongChain: boolean;
  injectedAvailable: boolean;
  error: string | null;
  /** Loads the wallet runtime (idempotent); picking an account or connecting does it too. */
  load(): void;
  selectDev(index: number | null): Promise<void>;
  connectInjected(): void;
  disconnect(): void;
  switchChain(): void;
};

const WalletContext = createContext<WalletState | null>(null);
const STORAGE_KEY = "mandate.wallet";

let runtimePromise: Promise<Runtime> | null = null;
function loadRuntime(config: ClientConfig): Promise<Runtime> {
  runtimePromise ??= import("@/lib/wallet/runtime").then((m) => m.createRuntime(config));
  runtimePromise.catch(() => {
    runtimePromise = null;
  });
  return runtimePromise;
}

type Saved = { mode: "dev"; index: number } | { mode: "injected" };

function readSaved(): Saved | null {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "null") as Saved | null;
    if (saved?.mode === "dev" && Number.isInteger(saved.index)) return saved;
    if (saved?.mode === "injected") return saved;
  } catch {
    // ignore a corrupt entry
  }
  window.localStorage.removeItem(STORAGE_KEY);
  return null;
}

export function Providers({
  config,
  devAccounts,
  children,
}: {
  config: ClientConfig;
  devAccounts: readonly Address[];
  children: ReactNode;
}) {
  const [runtime, setRuntime] = useState<Runtime | null>(null);
  const [devIndex, setDevIndex] = useState<number | null>(null);
  const [devClient, setDevClient] = useState<WalletClient | null>(null);
  const [injectedWanted, setInjectedWanted] = useState<null | "reconnect" | "connect">(null);
  const [injected, setInjected] = useState<InjectedReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [injectedAvailable, setInjectedAvailable] = useState(false);
  // Only the latest selection applies (a restore from storage may still be checking the chain).
  const selection = useRef(0);

  const load = useCallback(() => {
    loadRuntime(config).then(setRuntime, (e: unknown) =>
      setError(`The wallet code could not load: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, [config]);

  const selectDev = useCallback(
    async (index: number | null) => {
      const mine = ++selection.current;
      setError(null);
      if (index === null) {
        setDevIndex(null);
        setDevClient(null);
        window.localStorage.removeItem(STORAGE_KEY);
        return;
      }
      try {
        const rt = await loadRuntime(config);
        setRuntime(rt);
        const client = await rt.devWallet(index);
        if (mine !== selection.current) return;
        injected?.disconnect();
        setInjectedWanted(null);
        setInjected(null);
        setDevClient(client);
        setDevIndex(index);
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ mode: "dev", index }));
      } catch (e) {
        if (mine !== selection.current) return;
        setDevIndex(null);
        setDevClient(null);
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [config, injected],
  );

  // Restore the account chosen earlier.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on mount
  useEffect(() => {
    setInjectedAvailable((window as { ethereum?: unknown }).ethereum !== undefined);
    const saved = readSaved();
    if (saved?.mode === "dev" && config.chainId === LOCAL_CHAIN_ID) void selectDev(saved.index);
    if (saved?.mode === "injected") {
      load();
      setInjectedWanted("reconnect");
    }
  }, []);

  const connectInjected = useCallback(() => {
    setError(null);
    selection.current++;
    setDevIndex(null);
    setDevClient(null);
    load();
    setInjected(null);
    setInjectedWanted("connect");
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ mode: "injected" }));
  }, [load]);

  const disconnect = useCallback(() => {
    selection.current++;
    setDevIndex(null);
    setDevClient(null);
    injected?.disconnect();
    setInjectedWanted(null);
    setInjected(null);
    window.localStorage.removeItem(STORAGE_KEY);
  }, [injected]);

  const switchChain = useCallback(() => injected?.switchChain(), [injected]);

  const injectedConnected = devClient === null && injected?.status === "connected";
  const wrongChain = injectedConnected && injected?.chainId !== config.chainId;
  const mode: WalletMode = devClient ? "dev" : injectedConnected ? "injected" : "none";
  const walletClient: WalletClient | null =
    mode === "dev"
      ? devClient
      : mode === "injected" && !wrongChain
        ? (injected?.walletClient ?? null)
        : null;
  const address: Address | null =
    mode === "dev"
      ? (devClient?.account?.address ?? null)
      : mode === "injected"
        ? (injected?.address ?? null)
        : null;
  const mandate = useMemo(() => runtime?.mandate(walletClient) ?? null, [runtime, walletClient]);

  const value: WalletState = {
    config,
    publicClient: runtime?.publicClient ?? null,
    mode,
    address,
    walletClient,
    mandate,
    devIndex,
    devAccounts,
    wrongChain,
    injectedAvailable,
    error: error ?? injected?.error ?? null,
    load,
    selectDev,
    connectInjected,
    disconnect,
    switchChain,
  };
  return (
    <WalletContext.Provider value={value}>
      {children}
      {injectedWanted ? (
        <InjectedWallet
          config={config}
          connectNow={injectedWanted === "connect"}
          onChange={setInjected}
        />
      ) : null}
    </WalletContext.Provider>
  );
}

/** The wallet state; throws outside {@link Providers}. */
export function useWallet(): WalletState {
  const state = useContext(WalletContext);
  if (state === null) throw new Error("useWallet must be used inside <Providers>.");
  return state;
}

/** For tests: renders children with a given wallet state. */
export function WalletContextProvider({
  value,
  children,
}: {
  value: WalletState;
  children: ReactNode;
}) {
  return <WalletContext.Provider value={value}>{children}</WalletContext.Provider>;
}
