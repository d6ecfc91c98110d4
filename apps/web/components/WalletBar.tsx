"use client";
import { useId } from "react";
import { LOCAL_CHAIN_ID } from "@/lib/config";
import { shortAddress } from "@/lib/format";
import { useWallet } from "./WalletProvider";

/** Who is acting: a browser wallet, or (local chain only) a dev account. */
export function WalletBar() {
  const w = useWallet();
  const selectId = useId();
  const local = w.config.chainId === LOCAL_CHAIN_ID;
  return (
    <div className="wallet-bar">
      {local && w.devAccounts.length > 0 ? (
        <div className="dev-picker">
          <label htmlFor={selectId}>Act as dev account</label>
          <select
            id={selectId}
            value={w.devIndex === null ? "" : String(w.devIndex)}
            onChange={(e) =>
              void w.selectDev(e.target.value === "" ? null : Number(e.target.value))
            }
          >
            <option value="">none</option>
            {w.devAccounts.map((a, i) => (
              <option key={a} value={i}>
                #{i} {shortAddress(a)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {w.mode === "injected" && w.address ? (
        <span className="wallet-address" title={w.address}>
          Wallet {shortAddress(w.address)}
        </span>
      ) : null}
      {w.mode === "dev" && w.address ? (
        <span className="wallet-address" title={w.address} data-testid="acting-as">
          Signing as {shortAddress(w.address)} (dev)
        </span>
      ) : null}
      {w.mode === "none" && w.injectedAvailable ? (
        <button type="button" className="button secondary" onClick={w.connectInjected}>
          Connect wallet
        </button>
      ) : null}
      {w.mode !== "none" ? (
        <button type="button" className="button link" onClick={w.disconnect}>
          Disconnect
        </button>
      ) : null}
      {w.wrongChain ? (
        <button type="button" className="button" onClick={w.switchChain}>
          Switch to chain {w.config.chainId}
        </button>
      ) : null}
      {w.error ? (
        <p className="wallet-error" role="alert">
          {w.error}
        </p>
      ) : null}
    </div>
  );
}
