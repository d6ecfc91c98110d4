import {
  canonicalMandate,
  decide,
  type Facts,
  mandateHash,
  treasurySteward,
} from "@mandate/mandate";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { MandateEditor } from "@/components/MandateEditor";
import {
  analyzeDraft,
  bumpVersion,
  moveRule,
  removeRule,
  setRuleStance,
} from "@/lib/mandate-editor";
import { fakeWallet, withWallet } from "./fake-wallet";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn(), push: vi.fn() }) }));

const facts = (over: Partial<Facts>): Facts => ({
  topics: ["treasury"],
  executable: true,
  actions: [],
  transfers: [],
  totalUsd: 2_000_000,
  targets: [],
  addresses: [],
  risk: "high",
  unknownCalldata: false,
  mismatches: [],
  confidence: 0.85,
  ...over,
});
const proposals = [
  { id: "1", title: "Big grant", state: "active", facts: facts({}) },
  {
    id: "2",
    title: "Tiny tweak",
    state: "active",
    facts: facts({ topics: ["parameters"], totalUsd: 0, risk: "low", actions: [] }),
  },
];
const json = `${JSON.stringify(JSON.parse(canonicalMandate(treasurySteward)), null, 2)}\n`;

describe("mandate editor logic", () => {
  it("names every problem with its path", () => {
    const bad = analyzeDraft(
      '{"schema":"mandate/v1","name":"x","version":0,"uncertainty":{},"rules":[{"id":"A B","when":{},"then":"maybe"}]}',
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      const paths = bad.issues.map((i) => i.path);
      expect(paths).toContain("version");
      expect(paths.some((p) => p.startsWith("rules[0]"))).toBe(true);
    }
    const notJson = analyzeDraft("{");
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.issues[0]?.message).toMatch(/^not valid JSON/);
  });
  it("edits rules and changes the hash accordingly", () => {
    const start = analyzeDraft(json);
    expect(start.ok && start.hash).toBe(mandateHash(treasurySteward));
    const moved = analyzeDraft(moveRule(json, 0, 1));
    expect(moved.ok && moved.mandate.rules[1]?.id).toBe("no-large-outflows");
    expect(moved.ok && moved.hash).not.toBe(mandateHash(treasurySteward));
    const removed = analyzeDraft(removeRule(json, 0));
    expect(removed.ok && removed.mandate.rules.length).toBe(treasurySteward.rules.length - 1);
    const stance = analyzeDraft(setRuleStance(json, 0, "ask"));
    expect(stance.ok && stance.mandate.rules[0]?.then).toBe("ask");
    const bumped = analyzeDraft(bumpVersion(json));
    expect(bumped.ok && bumped.mandate.version).toBe(treasurySteward.version + 1);
    expect(() => moveRule("[]", 0, 1)).toThrow(/no rules list/);
  });
});

describe("MandateEditor", () => {
  it("previews the policy engine's votes live as the rules change", () => {
    render(
      withWallet(
        fakeWallet({}),
        <MandateEditor
          starters={[{ name: "Example: Treasury steward", json }]}
          proposals={proposals}
          delegates={[]}
        />,
      ),
    );
    const firstRow = () => {
      const row = screen.getAllByTestId("preview-row")[0];
      if (row === undefined) throw new Error("no preview row");
      return row;
    };
    const expected = decide(facts({}), treasurySteward);
    expect(within(firstRow()).getByText(expected.ruleId)).toBeTruthy();
    expect(firstRow().textContent).toContain("Against");
    expect(screen.getByTestId("mandate-hash").textContent).toContain(mandateHash(treasurySteward));
    // Make the large-outflow rule ask instead: the preview follows at once.
    fireEvent.change(screen.getByLabelText("Stance of rule no-large-outflows"), {
      target: { value: "ask" },
    });
    expect(firstRow().textContent).toContain("Ask");
    expect(screen.getByTestId("mandate-hash").textContent).not.toContain(
      mandateHash(treasurySteward),
    );
  });

  it("shows every problem of an invalid draft and blocks publishing", () => {
    render(
      withWallet(
        fakeWallet({}),
        <MandateEditor starters={[{ name: "x", json }]} proposals={proposals} delegates={[]} />,
      ),
    );
    fireEvent.change(screen.getByLabelText(/The mandate document/), {
      target: {
        value: json
          .replace('"version": 1', '"version": -1')
          .replace('"defaultStance": "abstain"', '"defaultStance": "maybe"'),
      },
    });
    const issues = screen.getByTestId("mandate-issues");
    expect(issues.textContent).toContain("Invalid mandate (2 problems)");
    expect(issues.textContent).toContain("version");
    expect(issues.textContent).toContain("defaultStance");
    expect(screen.queryByTestId("preview")).toBeNull();
    expect((screen.getByRole("button", { name: "Publish" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it("publishes the canonical document for a delegate the account owns", async () => {
    const publishMandate = vi.fn(async () => ({
      hash: "0x01",
      receipt: { blockNumber: 3n },
      result: 2n,
    }));
    const w = fakeWallet({ delegates: { publishMandate } });
    render(
      withWallet(
        w,
        <MandateEditor
          starters={[{ name: "x", json }]}
          proposals={proposals}
          delegates={[{ id: "1", name: "Treasury steward", owner: w.address as string }]}
        />,
      ),
    );
    fireEvent.change(screen.getByLabelText("Publish for"), { target: { value: "1" } });
    fireEvent.click(screen.getByRole("button", { name: "Publish" }));
    await screen.findByText(/confirmed in block 3/);
    const call = publishMandate.mock.calls[0] as unknown as [
      { delegateId: bigint; mandateHash: string; mandateURI: string },
    ];
    expect(call[0].delegateId).toBe(1n);
    expect(call[0].mandateHash).toBe(mandateHash(treasurySteward));
    expect(call[0].mandateURI.startsWith("data:application/json;base64,")).toBe(true);
  });
});
