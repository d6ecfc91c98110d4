import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Notices } from "@/components/Notices";
import { WalletBar } from "@/components/WalletBar";
import { Providers } from "@/components/WalletProvider";
import { clientConfig } from "@/lib/config";
import { serverContext } from "@/lib/server/context";
import { devAccountAddresses } from "@/lib/server/dev-accounts";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Mandate", template: "%s · Mandate" },
  description:
    "AI delegates vote and trade for token holders within the mandate and limits the holders set; every reason on-chain, every vote overridable.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

const NAV = [
  ["/proposals", "Proposals"],
  ["/delegates", "Delegates"],
  ["/markets", "Markets"],
  ["/portfolio", "Portfolio"],
  ["/vault", "Vault"],
  ["/mandate", "My mandate"],
] as const;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const ctx = await serverContext();
  const config = clientConfig(ctx.config);
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Providers config={config} devAccounts={devAccountAddresses(config.chainId)}>
          <header className="site-header">
            <div className="header-row">
              <Link href="/" className="brand">
                Mandate
              </Link>
              <nav aria-label="Main">
                <ul>
                  {NAV.map(([href, label]) => (
                    <li key={href}>
                      <Link href={href}>{label}</Link>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
            <WalletBar />
          </header>
          <main id="main">
            <Notices notices={ctx.notices} />
            {children}
          </main>
          <footer className="site-footer">
            <p>
              Chain {config.chainId} via {config.rpcUrl} · indexer {config.indexerUrl}. Summaries
              are written by the delegates' offline engine (TextRank + rules) and checked against
              the hash each delegate recorded on-chain.
            </p>
          </footer>
        </Providers>
      </body>
    </html>
  );
}
