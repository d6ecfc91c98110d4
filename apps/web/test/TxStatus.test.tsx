import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TxStatus } from "@/components/TxStatus";

describe("TxStatus", () => {
  it("is a polite live region that shows each state", () => {
    const { rerender } = render(
      <TxStatus state={{ status: "idle", label: "", message: "", hash: null }} />,
    );
    const region = screen.getByRole("status");
    expect(region.getAttribute("aria-live")).toBe("polite");
    expect(region.textContent).toBe("");
    rerender(
      <TxStatus
        state={{ status: "pending", label: "Buy", message: "Buy: sending…", hash: null }}
      />,
    );
    expect(screen.getByRole("status").textContent).toBe("Buy: sending…");
    expect(screen.getByRole("status").dataset.status).toBe("pending");
    rerender(
      <TxStatus
        state={{
          status: "failed",
          label: "Buy",
          message: "Buy failed: The price moved.",
          hash: null,
        }}
      />,
    );
    // The same element stays mounted, so assistive technology announces the change.
    expect(screen.getByRole("status")).toBe(region);
    expect(region.className).toContain("tx-failed");
  });
});
