import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { DecisionCard } from "@/components/Decision";
import { Notices } from "@/components/Notices";
import { PriceChart } from "@/components/PriceChart";
import { Tally } from "@/components/Tally";
import { WalletBar } from "@/components/WalletBar";
import type { AiDecisionView } from "@/lib/views";
import { fakeWallet, ME, withWallet } from "./fake-wallet";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn(), push: vi.fn() }) }));

const decision: AiDecisionView = {
  delegateId: "1",
  delegateName: "Treasury steward",
  kind: "vote",
  support: 0,
  reasonCode: null,
  ruleId: "no-large-outflows",
  rationale: "Rule 'no-large-outflows' fired: transfers total $2,000,000 > $250,000",
  summaryHash: `0x${"af".repeat(32)}`,
  mandateHash: `0x${"7b".repeat(32)}`,
  summaryMatches: true,
  weight: "1800000000000000000000000",
  txHash: null,
  timestamp: "1",
};

describe("DecisionCard", () => {
  it("shows the vote, the rule that fired and the rationale", () => {
    render(<DecisionCard d={decision} showHash />);
    expect(screen.getByText("Against").className).toContain("against");
    expect(screen.getByText("no-large-outflows")).toBeTruthy();
    expect(screen.getByText(decision.rationale)).toBeTruthy();
    expect(screen.getByText("matches the delegate's recorded summary")).toBeTruthy();
  });
  it("shows an ask with its reason and a summary that differs", () => {
    render(
      <DecisionCard
        d={{ ...decision, kind: "pending", support: null, reasonCode: 3, summaryMatches: false }}
        showHash
      />,
    );
    expect(screen.getByText("Asks holders")).toBeTruthy();
    expect(screen.getByText(/text does not match the actions/)).toBeTruthy();
    expect(screen.getByText(/recorded summary differs/)).toBeTruthy();
  });
});

describe("Notices", () => {
  it("says the indexer is unreachable, once per message, as an alert", () => {
    const n = { kind: "indexer" as const, message: "The indexer is unreachable (ECONNREFUSED)." };
    render(<Notices notices={[n, n]} />);
    const alerts = screen.getAllByRole("alert");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.textContent).toBe(
      "Indexer unreachable: The indexer is unreachable (ECONNREFUSED).",
    );
  });
  it("renders nothing without notices", () => {
    const { container } = render(<Notices notices={[]} />);
    expect(container.innerHTML).toBe("");
  });
});

describe("Tally", () => {
  it("states the votes in words", () => {
    render(
      <Tally
        forVotes={`${1_300_000n * 10n ** 18n}`}
        againstVotes={`${1_800_000n * 10n ** 18n}`}
        abstainVotes="0"
      />,
    );
    expect(screen.getByTestId("tally").textContent).toBe(
      "For 1,300,000 MNDT · Against 1,800,000 MNDT · Abstain 0 MNDT",
    );
  });
});

describe("PriceChart", () => {
  it("is an image with a text alternative naming the latest prices", () => {
    render(
      <PriceChart
        series={[
          {
            outcome: 0,
            label: "Yes",
            points: [
              { t: 1_795_680_000, p: 0.5 },
              { t: 1_795_680_100, p: 0.595 },
            ],
          },
          {
            outcome: 1,
            label: "No",
            points: [
              { t: 1_795_680_000, p: 0.5 },
              { t: 1_795_680_100, p: 0.405 },
            ],
          },
        ]}
      />,
    );
    const img = screen.getByRole("img");
    expect(img.getAttribute("aria-label")).toMatch(/Latest: Yes 59\.5%, No 40\.5%\.$/);
    expect(img.querySelectorAll("path")).toHaveLength(2);
    expect(screen.getByText("Yes: 59.5%")).toBeTruthy();
  });
  it("says when there is no history", () => {
    render(<PriceChart series={[{ outcome: 0, label: "Yes", points: [] }]} />);
    expect(screen.getByText(/No price history/)).toBeTruthy();
  });
});

describe("WalletBar", () => {
  it("offers the dev accounts on the local chain and shows who signs", () => {
    render(withWallet(fakeWallet({}), <WalletBar />));
    expect(screen.getByLabelText("Act as dev account")).toBeTruthy();
    expect(screen.getByTestId("acting-as").textContent).toBe(
      `Signing as ${ME.slice(0, 6)}…${ME.slice(-4)} (dev)`,
    );
  });
  it("hides them on another chain and shows the wallet's error", () => {
    const w = fakeWallet(
      {},
      {
        config: {
          chainId: 1,
          rpcPath: "/api/rpc",
          indexerPath: "/api/indexer",
          rpcUrl: "x",
          indexerUrl: "y",
        },
        mode: "none",
        address: null,
        error: "Dev accounts are refused on chain 1: their keys are public.",
      },
    );
    render(withWallet(w, <WalletBar />));
    expect(screen.queryByLabelText("Act as dev account")).toBeNull();
    expect(screen.getByRole("alert").textContent).toContain("refused on chain 1");
  });
});
