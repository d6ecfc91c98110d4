/**
 * End to end, in headless Chromium against the whole local system (e2e/system.ts): read a
 * proposal's summary, delegate to an AI delegate with a dev account, create a proposal and see
 * the delegate vote on it, override that vote, buy shares and see the price and the position move,
 * deposit collateral credit and buy from it, resolve the market through the committee and redeem.
 * Every step is checked against the chain,
 * and screenshots go to e2e/artifacts/.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { governanceTokenAbi, lmsrMarketAbi, mandateGovernorAbi } from "@mandate/abis";
import {
  getDecision,
  getDelegate,
  getVaultBalances,
  getVaultPolicy,
  getVoteStatus,
  listDelegates,
  listProposals,
  mandateAddresses,
} from "@mandate/sdk";
import { type Browser, chromium, type Page } from "playwright-core";
import { createPublicClient, erc20Abi, http, type PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUnitsDisplay, MUSD, parseAmount } from "../lib/format";
import { type System, startSystem } from "./system";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "artifacts");
const CHROMIUM = process.env.MANDATE_CHROMIUM ?? "/usr/bin/chromium";
const MNEMONIC = "test test test test test test test test test test test junk";
const dev = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i }).address;
const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
const addresses = mandateAddresses(31337);

let system: System;
let browser: Browser;
let page: Page;
let client: PublicClient;

async function shot(name: string) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Picks dev account `i` in the header and waits until the app signs with it. */
async function actAs(i: number) {
  await page.getByLabel("Act as dev account").selectOption(String(i));
  await expect
    .poll(async () => page.getByTestId("acting-as").textContent(), { timeout: 15_000 })
    .toContain(short(dev(i)));
}

async function txConfirmed(scope: ReturnType<Page["locator"]>, timeout = 60_000) {
  const status = scope.locator(
    '[role="status"][data-status="confirmed"], [role="status"][data-status="failed"]',
  );
  await status.first().waitFor({ timeout });
  const text = (await status.first().textContent()) ?? "";
  expect(await status.first().getAttribute("data-status"), text).toBe("confirmed");
  return text;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`node scripts/ensure-chromium.mjs\` first.`);
  }
  mkdirSync(artifacts, { recursive: true });
  system = await startSystem({ logDir: join(artifacts, "logs") });
  client = createPublicClient({ transport: http(system.rpcUrl) }) as PublicClient;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => console.error(`[browser] ${e.message}`));
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe("the Mandate web app, end to end", () => {
  let builder: { instance: `0x${string}`; delegateId: bigint; name: string };
  let proposalUrl = "";
  let proposalId = 0n;

  it("shows a proposal's AI summary, checked against the hash the delegates recorded", async () => {
    const proposals = await listProposals(client, { addresses });
    const p4 = proposals.find((p) => p.title?.startsWith("[EP1.9]"));
    expect(p4, "the seeded P4").toBeDefined();
    await page.goto(`${system.webUrl}/proposals`);
    const item = page.getByTestId("proposal-item").filter({ hasText: p4?.title ?? "" });
    const tldr = (await item.getByTestId("tldr").textContent()) ?? "";
    // The offline engine leads with what executes: P4 transfers 200,000 MNDT.
    expect(tldr).toMatch(/^AI tl;dr: Executes: transfer 200,000 MNDT/);
    await item.getByRole("link", { name: p4?.title ?? "" }).click();
    await page.getByTestId("summary-tldr").waitFor();
    // Both delegates vote on P4 within seconds of starting; the page refreshes itself.
    await expect
      .poll(async () => page.getByTestId("summary-check").textContent(), { timeout: 60_000 })
      .toContain("matches the delegate's recorded summary (2 of 2 decisions)");
    expect(await page.getByTestId("action").first().textContent()).toContain(
      "Transfer 200,000 MNDT",
    );
    await shot("01-proposal-summary");
  });

  it("delegates a dev account's votes to an AI delegate in one click", async () => {
    const delegates = await listDelegates(client, { addresses });
    const b = delegates.find((d) => d.name === "Builder-friendly");
    if (b === undefined) throw new Error("no Builder-friendly delegate");
    builder = { instance: b.instance, delegateId: b.delegateId, name: b.name };
    await page.goto(`${system.webUrl}/delegates`);
    await actAs(5);
    const control = page.getByTestId("delegate-control-Builder-friendly");
    await control.getByText(/delegated to yourself/).waitFor();
    await control.getByRole("button", { name: "Delegate to Builder-friendly" }).click();
    await txConfirmed(control);
    await control.getByText(/delegated to Builder-friendly/).waitFor();
    const onChain = await client.readContract({
      address: addresses.governanceToken,
      abi: governanceTokenAbi,
      functionName: "delegates",
      args: [dev(5)],
    });
    expect(onChain.toLowerCase()).toBe(builder.instance.toLowerCase());
    await shot("02-delegated");
  });

  it("creates a proposal and shows the AI delegate's vote on it", async () => {
    await page.goto(`${system.webUrl}/proposals/new`);
    await actAs(0);
    await page.getByLabel("Title").fill("Fund the end-to-end docs sprint");
    await page
      .getByLabel(/^Description/)
      .fill("A grant of 1,000 mUSD from the treasury to the docs team for a two-week sprint.");
    await page.getByLabel("Token").selectOption("mUSD");
    await page.getByLabel("Amount").fill("1000");
    await page.getByLabel("Recipient").fill(dev(9));
    await page.getByRole("button", { name: "Propose" }).click();
    await page.waitForURL(/\/proposals\/[0-9]+$/, { timeout: 60_000 });
    proposalUrl = page.url();
    proposalId = BigInt(proposalUrl.split("/").pop() ?? "0");
    const state = await client.readContract({
      address: addresses.mandateGovernor,
      abi: mandateGovernorAbi,
      functionName: "state",
      args: [proposalId],
    });
    expect([0, 1]).toContain(state); // Pending until the next block's time, then Active
    // The Builder votes within a second; the indexer and the page's refresh bring it in.
    const card = page.getByTestId(`decision-${builder.delegateId}`);
    await card.waitFor({ timeout: 60_000 });
    const decision = await getDecision(client, {
      addresses,
      delegateId: builder.delegateId,
      proposalId,
    });
    expect(decision.vote, "the Builder voted on-chain").not.toBeNull();
    const words = ["Against", "For", "Abstain"];
    expect(await card.textContent()).toContain(words[decision.vote?.support ?? -1]);
    expect(await card.textContent()).toContain(decision.vote?.rationale ?? "");
    await shot("03-new-proposal-ai-vote");
  });

  it("overrides the AI delegate's vote", async () => {
    const before = await getDecision(client, {
      addresses,
      delegateId: builder.delegateId,
      proposalId,
    });
    if (before.vote === null) throw new Error("the Builder has not voted: nothing to override");
    const delegateSupport = before.vote.support;
    const mine = delegateSupport === 1 ? "Against" : "For";
    await page.goto(proposalUrl);
    await actAs(5);
    const panel = page.getByTestId("override-panel");
    await panel
      .getByText(/delegated 400,000 MNDT to Builder-friendly/)
      .waitFor({ timeout: 30_000 });
    await panel.getByLabel(mine, { exact: true }).check();
    await panel.getByLabel(/Reason/).fill("e2e: I disagree with my delegate");
    const votesBefore = await client.readContract({
      address: addresses.mandateGovernor,
      abi: mandateGovernorAbi,
      functionName: "proposalVotes",
      args: [proposalId],
    });
    await panel.getByRole("button", { name: "Override my delegate" }).click();
    await txConfirmed(panel);
    const status = await getVoteStatus(client, { addresses, proposalId, account: dev(5) });
    expect(status.hasOverridden).toBe(true);
    const votesAfter = await client.readContract({
      address: addresses.mandateGovernor,
      abi: mandateGovernorAbi,
      functionName: "proposalVotes",
      args: [proposalId],
    });
    const weight = 400_000n * 10n ** 18n;
    const idx = (s: number) => (s === 0 ? 0 : s === 1 ? 1 : 2); // [against, for, abstain]
    expect(votesAfter[idx(delegateSupport)]).toBe(votesBefore[idx(delegateSupport)] - weight);
    expect(votesAfter[idx(mine === "For" ? 1 : 0)]).toBe(
      votesBefore[idx(mine === "For" ? 1 : 0)] + weight,
    );
    await expect
      .poll(
        async () =>
          page
            .getByTestId("overrides")
            .textContent({ timeout: 2_000 })
            .catch(() => ""),
        { timeout: 30_000 },
      )
      .toContain("e2e: I disagree with my delegate");
    await shot("04-override");
  });

  it("buys shares at the quoted price and moves the price and the position", async () => {
    const marketId = 5n;
    const yes = 0n;
    const tokenId = (marketId << 8n) | yes;
    const sharesBefore = await client.readContract({
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "balanceOf",
      args: [dev(1), tokenId],
    });
    await page.goto(`${system.webUrl}/markets/${marketId}`);
    await actAs(1);
    const priceText = async () => (await page.getByTestId("price-0").textContent()) ?? "";
    const pct = (t: string) => Number(/([0-9.]+)%/.exec(t)?.[1]);
    const priceBefore = pct(await priceText());
    const ticket = page.getByTestId("trade-ticket");
    await ticket.getByLabel(/^Shares/).fill("25");
    await expect
      .poll(async () => ticket.getByTestId("quote").getAttribute("data-shares"), {
        timeout: 15_000,
      })
      .toBe("25000000");
    await page.getByTestId("holding").waitFor();
    const quoted = (await ticket.getByTestId("quote-amount").textContent()) ?? "";
    await ticket.getByRole("button", { name: "Buy Yes" }).click();
    await txConfirmed(ticket);
    // What was paid (read from the Trade event) equals the quote, to the last unit shown.
    expect(await ticket.getByTestId("last-trade").textContent()).toBe(
      `Paid ${quoted} (quoted ${quoted}).`,
    );
    const sharesAfter = await client.readContract({
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "balanceOf",
      args: [dev(1), tokenId],
    });
    expect(sharesAfter - sharesBefore).toBe(25_000_000n);
    await expect
      .poll(async () => pct(await priceText()), { timeout: 30_000 })
      .toBeGreaterThan(priceBefore);
    await expect
      .poll(async () => page.getByTestId("position-shares-0").textContent(), { timeout: 15_000 })
      .toBe(formatUnitsDisplay(sharesAfter, MUSD, { maxFraction: 6, symbol: false }));
    await shot("05-bought");
  });

  it("deposits credit on the portfolio page and buys from it: the credit drops by the cost", async () => {
    const marketId = 5n;
    const trader = 7; // funded with mUSD, the market not approved: the SDK's deposit approves
    const collateral = addresses.demoCollateral as `0x${string}`;
    const creditOnChain = () =>
      client.readContract({
        address: addresses.lmsrMarket,
        abi: lmsrMarketAbi,
        functionName: "creditOf",
        args: [collateral, dev(trader)],
      });
    const cash = () =>
      client.readContract({
        address: collateral,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [dev(trader)],
      });
    const fmt = (v: bigint) => formatUnitsDisplay(v, MUSD, { maxFraction: 6, minFraction: 2 });
    /** An amount as the page shows it ("1,234.56 mUSD"), back in base units. */
    const shown = (text: string | null) =>
      parseAmount("shown", (text ?? "").replace(/ mUSD$/, ""), MUSD.decimals, { allowZero: true });
    const before = await creditOnChain();

    await page.goto(`${system.webUrl}/portfolio`);
    await actAs(trader);
    const panel = page.getByTestId("credit-panel");
    const balance = panel.getByTestId("credit-balance");
    await expect.poll(async () => balance.textContent(), { timeout: 15_000 }).toBe(fmt(before));
    await panel.getByLabel(/^Deposit \(mUSD\)/).fill("40");
    await panel.getByRole("button", { name: "Deposit", exact: true }).click();
    await txConfirmed(panel);
    expect(await creditOnChain()).toBe(before + 40_000_000n);
    await expect.poll(async () => balance.textContent()).toBe(fmt(before + 40_000_000n));
    // The history comes from the indexer (through the app's proxy).
    await expect
      .poll(
        async () =>
          panel
            .getByTestId("credit-history")
            .textContent({ timeout: 2_000 })
            .catch(() => ""),
        { timeout: 30_000 },
      )
      .toContain(`deposit from you40.00 mUSD${fmt(before + 40_000_000n)}`);
    await shot("05a-credit-deposited");

    await page.goto(`${system.webUrl}/markets/${marketId}`);
    await actAs(trader);
    const ticket = page.getByTestId("trade-ticket");
    await ticket.getByLabel("Credit", { exact: true }).check();
    await ticket.getByLabel(/^Shares/).fill("10");
    await expect
      .poll(async () => ticket.getByTestId("quote").getAttribute("data-shares"), {
        timeout: 15_000,
      })
      .toBe("10000000");
    const creditShown = ticket.getByTestId("credit-amount");
    await expect
      .poll(async () => creditShown.textContent(), { timeout: 15_000 })
      .toBe(fmt(before + 40_000_000n));
    const creditBefore = shown(await creditShown.textContent());
    const quoted = (await ticket.getByTestId("quote-amount").textContent()) ?? "";
    const cashBefore = await cash();
    await ticket.getByRole("button", { name: "Buy Yes" }).click();
    await txConfirmed(ticket);
    expect(await ticket.getByTestId("last-trade").textContent()).toBe(
      `Paid ${quoted} from credit (quoted ${quoted}).`,
    );
    // The credit shown dropped by exactly the cost shown, as on the chain; the wallet paid nothing.
    const cost = shown(quoted);
    expect(cost).toBeGreaterThan(0n);
    await expect
      .poll(async () => shown(await creditShown.textContent()), { timeout: 15_000 })
      .toBe(creditBefore - cost);
    expect(await creditOnChain()).toBe(creditBefore - cost);
    expect(await cash()).toBe(cashBefore);
    await shot("05b-bought-from-credit");
  });

  it("resolves the market through the committee and redeems the winning shares", async () => {
    const marketId = 5n;
    await page.goto(`${system.webUrl}/markets/${marketId}`);
    await actAs(0); // the seeded committee: dev account #0 alone, threshold 1
    const panel = page.getByTestId("committee-panel");
    await panel.getByLabel("Winning outcome").selectOption("0");
    await panel.getByRole("button", { name: "Vote to resolve" }).click();
    await txConfirmed(panel);
    const info = await client.readContract({
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "getMarket",
      args: [marketId],
    });
    expect(info.state).toBe(3); // Resolved
    expect(info.resolvedOutcome).toBe(0n);
    await shot("06-resolved");

    const shares = await client.readContract({
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "balanceOf",
      args: [dev(1), (marketId << 8n) | 0n],
    });
    expect(shares).toBeGreaterThan(0n);
    const collateral = addresses.demoCollateral as `0x${string}`;
    const cashBefore = await client.readContract({
      address: collateral,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [dev(1)],
    });
    // The portfolio reads the indexer: reload until it has indexed the resolution.
    const row = page
      .getByTestId("portfolio-row")
      .filter({ hasText: "Will ENS DAO's next treasury proposal pass?" });
    await expect
      .poll(
        async () => {
          await page.goto(`${system.webUrl}/portfolio`);
          await actAs(1);
          await row.first().waitFor({ timeout: 10_000 });
          return row.getByRole("button", { name: "Redeem" }).count();
        },
        { timeout: 60_000 },
      )
      .toBe(1);
    await row.getByRole("button", { name: "Redeem" }).click();
    await txConfirmed(page.locator("main"));
    const cashAfter = await client.readContract({
      address: collateral,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [dev(1)],
    });
    expect(cashAfter - cashBefore).toBe(shares); // a winning share pays one unit of collateral
    const left = await client.readContract({
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "balanceOf",
      args: [dev(1), (marketId << 8n) | 0n],
    });
    expect(left).toBe(0n);
    await shot("07-redeemed");
  });

  it("funds the vault, sets the AI trader's limits, revokes it and withdraws", async () => {
    const user = dev(3); // the seeded vault holder, with AI trader #12 appointed
    const before = await getVaultBalances(client, { addresses, user });
    await page.goto(`${system.webUrl}/vault`);
    await actAs(3);
    const balance = page.getByTestId("vault-balance");
    await expect.poll(async () => balance.textContent(), { timeout: 15_000 }).not.toContain("…");
    await page.getByLabel("Deposit (mUSD)").fill("100");
    await page.getByRole("button", { name: "Deposit", exact: true }).click();
    await txConfirmed(page.locator("main"));
    expect((await getVaultBalances(client, { addresses, user })).balance).toBe(
      before.balance + 100_000_000n,
    );

    await page.getByLabel("Agent address").fill(dev(12));
    await page.getByLabel(/^Per trade/).fill("50");
    await page.getByRole("button", { name: "Save limits" }).click();
    await expect
      .poll(async () => page.locator('[role="status"]').first().textContent(), { timeout: 60_000 })
      .toMatch(/^Set the agent's limits: confirmed/);
    const policy = await getVaultPolicy(client, { addresses, user });
    expect(policy.agent.toLowerCase()).toBe(dev(12).toLowerCase());
    expect(policy.maxPerTrade).toBe(50_000_000n);
    await page.getByTestId("vault-policy").getByText("50.00 mUSD").waitFor();
    await shot("07a-vault-limits");

    await page.getByRole("button", { name: "Revoke the agent now" }).click();
    await page.getByText("No agent may trade your vault.").waitFor({ timeout: 60_000 });
    expect((await getVaultPolicy(client, { addresses, user })).active).toBe(false);

    await page.getByLabel("Withdraw (mUSD)").fill("100");
    await page.getByRole("button", { name: "Withdraw", exact: true }).click();
    await expect
      .poll(async () => (await getVaultBalances(client, { addresses, user })).balance, {
        timeout: 60_000,
      })
      .toBe(before.balance);
    // The activity log (from the indexer) lists the seeded AI trader's trades, if any ran.
    await page.getByRole("heading", { name: "Activity" }).waitFor();
    await shot("07b-vault");
  });

  it("connects a browser wallet through wagmi and delegates with it", async () => {
    // A minimal EIP-1193 wallet holding dev account #6: it answers the account requests itself
    // and sends everything else to the node (which signs for its unlocked dev accounts), as a
    // real wallet would through its own RPC.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(
      ({ rpc, account }) => {
        let id = 0;
        const forward = async (method: string, params: unknown) => {
          const res = await fetch(rpc, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
          });
          const body = await res.json();
          if (body.error)
            throw Object.assign(new Error(body.error.message), { code: body.error.code });
          return body.result;
        };
        (window as unknown as { ethereum: unknown }).ethereum = {
          isMetaMask: false,
          request: async ({ method, params }: { method: string; params?: unknown }) => {
            if (method === "eth_requestAccounts" || method === "eth_accounts") return [account];
            if (method === "eth_chainId") return "0x7a69";
            if (method === "wallet_requestPermissions" || method === "wallet_getPermissions") {
              return [{ parentCapability: "eth_accounts" }];
            }
            return forward(method, params);
          },
          on: () => {},
          removeListener: () => {},
        };
      },
      { rpc: system.rpcUrl, account: dev(6) },
    );
    const walletPage = await context.newPage();
    try {
      await walletPage.goto(`${system.webUrl}/delegates`);
      await walletPage.getByRole("button", { name: "Connect wallet" }).click();
      await walletPage.getByText(`Wallet ${short(dev(6))}`).waitFor({ timeout: 30_000 });
      const steward = (await listDelegates(client, { addresses })).find(
        (d) => d.name === "Treasury steward",
      );
      if (steward === undefined) throw new Error("no Treasury steward");
      const control = walletPage.getByTestId("delegate-control-Treasury steward");
      await control.getByRole("button", { name: "Delegate to Treasury steward" }).click();
      const status = control.locator(
        '[role="status"][data-status="confirmed"], [role="status"][data-status="failed"]',
      );
      await status.first().waitFor({ timeout: 60_000 });
      expect(
        await status.first().getAttribute("data-status"),
        (await status.first().textContent()) ?? "",
      ).toBe("confirmed");
      const onChain = await client.readContract({
        address: addresses.governanceToken,
        abi: governanceTokenAbi,
        functionName: "delegates",
        args: [dev(6)],
      });
      expect(onChain.toLowerCase()).toBe(steward.instance.toLowerCase());
      await walletPage.screenshot({
        path: join(artifacts, "08-browser-wallet.png"),
        fullPage: true,
      });
    } finally {
      await context.close();
    }
  });

  it("keeps working, from the chain, when the indexer stops", async () => {
    await system.stopIndexer();
    const res = await page.goto(`${system.webUrl}/proposals`);
    expect(res?.status()).toBe(200);
    expect(await page.getByRole("alert").first().textContent()).toContain("Indexer unreachable");
    // Proposals (and the AI decisions) are still read from the chain: the seeded four and ours.
    await expect.poll(async () => page.getByTestId("proposal-item").count()).toBe(5);
    const market = await page.goto(`${system.webUrl}/markets/6`);
    expect(market?.status()).toBe(200);
    expect(await page.getByTestId("market-prices").textContent()).toMatch(/%/);
    await shot("09-indexer-down");
  });
});

describe("the mandate editor", () => {
  it("publishes a new mandate version for a delegate the account owns", async () => {
    // Runs last: the Treasury steward's agent keeps running on version 1 (it checks at start).
    await page.goto(`${system.webUrl}/mandate`);
    await actAs(10); // the Treasury steward's owner on the local chain
    await page.getByLabel("Start from").selectOption({ label: "Example: Treasury steward" });
    await page.getByRole("button", { name: "Bump version" }).click();
    const hashText = (await page.getByTestId("mandate-hash").textContent()) ?? "";
    const hash = /0x[0-9a-f]{64}/.exec(hashText)?.[0];
    expect(hash).toBeDefined();
    expect(await page.getByTestId("preview-row").count()).toBeGreaterThan(0);
    await page
      .getByLabel("Publish for")
      .selectOption({ label: "Treasury steward (#1): new version" });
    await page.getByRole("button", { name: "Publish" }).click();
    await txConfirmed(page.locator("main"));
    const steward = await getDelegate(client, { addresses, delegateId: 1n });
    expect(steward.mandate.version).toBe(2n);
    expect(steward.mandate.mandateHash).toBe(hash);
    await shot("10-mandate-published");
  });
});
