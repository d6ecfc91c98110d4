import { MandateError } from "@mandate/sdk";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { OverridePanel } from "@/components/OverridePanel";
import { fakeWallet, mined, withWallet } from "./fake-wallet";

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh, push: vi.fn() }) }));

const STEWARD = "0xdad42d43ece0f6e8da8c2bcbc6a25ff6b3922c58";
const names = { [STEWARD]: "Treasury steward" };
const status = {
  hasVoted: false,
  hasOverridden: false,
  delegateAtSnapshot: STEWARD,
  balanceAtSnapshot: 600_000n * 10n ** 18n,
  canOverride: true,
};

describe("OverridePanel", () => {
  beforeEach(() => refresh.mockClear());

  it("overrides the delegate through the SDK and reports the confirmation", async () => {
    const castOverrideVote = vi.fn(async () => mined(212n, 600_000n));
    const w = fakeWallet({
      governance: { getVoteStatus: vi.fn(async () => status), castOverrideVote },
    });
    render(withWallet(w, <OverridePanel proposalId="42" active delegateNames={names} />));
    expect(await screen.findByText(/delegated 600,000 MNDT to Treasury steward/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText("For"));
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: "I disagree" } });
    fireEvent.click(screen.getByRole("button", { name: "Override my delegate" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toBe(
        "Override: vote for: confirmed in block 212.",
      ),
    );
    expect(castOverrideVote).toHaveBeenCalledWith({
      proposalId: 42n,
      support: "for",
      reason: "I disagree",
    });
    expect(refresh).toHaveBeenCalled();
  });

  it("shows MandateError's sentence when the override fails", async () => {
    const castOverrideVote = vi.fn(async () => {
      throw new MandateError({
        kind: "contract",
        code: "GovernorAlreadyOverriddenVote",
        shortMessage: "You have already overridden your delegate on this proposal.",
      });
    });
    const w = fakeWallet({
      governance: { getVoteStatus: vi.fn(async () => status), castOverrideVote },
    });
    render(withWallet(w, <OverridePanel proposalId="42" active delegateNames={names} />));
    fireEvent.click(await screen.findByRole("button", { name: "Override my delegate" }));
    await waitFor(() => expect(screen.getByRole("status").dataset.status).toBe("failed"));
    expect(screen.getByRole("status").textContent).toBe(
      "Override: vote against failed: You have already overridden your delegate on this proposal.",
    );
    expect(refresh).not.toHaveBeenCalled();
  });

  it("lets a self-delegated holder vote directly instead", async () => {
    const castVoteWithReason = vi.fn(async () => mined(7n));
    const w = fakeWallet({
      governance: {
        getVoteStatus: vi.fn(async () => ({ ...status, delegateAtSnapshot: w.address })),
        castVoteWithReason,
      },
    });
    render(withWallet(w, <OverridePanel proposalId="9" active delegateNames={names} />));
    fireEvent.click(await screen.findByRole("button", { name: "Cast my vote" }));
    await waitFor(() =>
      expect(castVoteWithReason).toHaveBeenCalledWith({
        proposalId: 9n,
        support: "against",
        reason: "",
      }),
    );
  });

  it("explains why it cannot act", async () => {
    const w = fakeWallet({
      governance: {
        getVoteStatus: vi.fn(async () => ({ ...status, hasOverridden: true, canOverride: false })),
      },
    });
    render(withWallet(w, <OverridePanel proposalId="1" active delegateNames={names} />));
    expect(
      await screen.findByText("You have already overridden your delegate on this proposal."),
    ).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
    render(
      withWallet(
        fakeWallet({}, { address: null }),
        <OverridePanel proposalId="1" active delegateNames={names} />,
      ),
    );
    expect(screen.getByText(/pick a dev account to override/)).toBeTruthy();
  });
});
