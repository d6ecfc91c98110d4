import { decodeFunctionData, encodeFunctionData, type Hex, parseAbi } from "viem";
import { describe, expect, it } from "vitest";
import { analyzeOffline } from "../src/engines/offline/index.js";
import type { ProposalInput } from "../src/types.js";
import { mainnetContext as ctx, MAINNET as M } from "./fixtures/context.js";
import { ensFixture } from "./fixtures/proposals.js";

const erc20 = parseAbi(["function transfer(address to, uint256 amount)"]);
const safe = parseAbi([
  "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)",
]);
const STRANGER = "0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c";

/** The fixture with action `index`'s ERC-20 transfer changed by `edit`. */
function tamperTransfer(
  ep: string,
  index: number,
  edit: (to: `0x${string}`, amount: bigint) => [`0x${string}`, bigint],
): ProposalInput {
  const p = ensFixture(ep).proposal;
  const { args } = decodeFunctionData({ abi: erc20, data: p.calldatas[index] as Hex });
  const [to, amount] = edit(args[0], args[1]);
  const calldatas = [...p.calldatas];
  calldatas[index] = encodeFunctionData({
    abi: erc20,
    functionName: "transfer",
    args: [to, amount],
  });
  return { ...p, calldatas };
}

describe("mismatches on real fixtures", () => {
  it.each([
    ["5.16", 0, "1,218,669.76 USDC", "12,186,697.6 USDC"],
    ["5.25", 1, "836,000 USDC", "8,360,000 USDC"],
    ["1.9", 0, "200k ENS", "2,000,000 ENS"],
    ["6.11", 1, "100,000 ENS", "1,000,000 ENS"],
  ] as const)(
    "EP %s: calldata sending 10x the prose amount is flagged",
    (ep, index, prose, sent) => {
      const honest = analyzeOffline(ensFixture(ep).proposal, ctx).facts;
      expect(honest.mismatches).toEqual([]);
      const tampered = analyzeOffline(
        tamperTransfer(ep, index, (to, a) => [to, a * 10n]),
        ctx,
      ).facts;
      const amount = tampered.mismatches.find((m) => m.kind === "amount");
      expect(amount, JSON.stringify(tampered.mismatches)).toBeDefined();
      expect(amount?.actionIndex).toBe(index);
      expect(amount?.detail).toContain(sent);
      expect(amount?.detail).toContain(`"${prose}"`);
      expect(["high", "critical"]).toContain(tampered.risk);
      expect(tampered.confidence).toBeLessThan(honest.confidence);
    },
  );

  it("flags ETH sent as 10x the stated amount (EP3.4, native value)", () => {
    const p = ensFixture("3.4").proposal;
    const values = [...p.values];
    values[1] = (values[1] ?? 0n) * 10n;
    const { facts } = analyzeOffline({ ...p, values }, ctx);
    expect(facts.mismatches.map((m) => m.detail)).toContainEqual(
      expect.stringMatching(
        /^Action 2 sends 1,500 ETH to 0x91c3…d39b, but no amount in the text matches it \(the text says "16,000 ETH", "150 ETH"/,
      ),
    );
  });

  it("flags a changed amount inside a Safe transaction (EP6.37)", () => {
    const p = ensFixture("6.37").proposal;
    const { args } = decodeFunctionData({ abi: safe, data: p.calldatas[0] as Hex });
    const inner = encodeFunctionData({
      abi: erc20,
      functionName: "transfer",
      args: [M.DAO_WALLET, 9_000_000_000_000n],
    });
    const outer = encodeFunctionData({
      abi: safe,
      functionName: "execTransaction",
      args: [
        args[0],
        args[1],
        inner,
        args[3],
        args[4],
        args[5],
        args[6],
        args[7],
        args[8],
        args[9],
      ],
    });
    const { facts } = analyzeOffline({ ...p, calldatas: [outer] }, ctx);
    expect(
      facts.mismatches.some((m) => m.kind === "amount" && m.detail.includes("9,000,000 USDC")),
    ).toBe(true);
  });

  it("flags a recipient the text never names (EP5.28)", () => {
    const { facts } = analyzeOffline(
      tamperTransfer("5.28", 0, (_to, a) => [STRANGER, a]),
      ctx,
    );
    const m = facts.mismatches.find((x) => x.kind === "recipient");
    expect(m?.detail).toBe(
      `Action 1 sends 240,632.38 USDC to ${STRANGER}, an address the text never mentions.`,
    );
    expect(m?.actionIndex).toBe(0);
  });

  it("flags prose that claims more than the actions move (EP6.20 text, a tenth of the amount sent)", () => {
    const { facts } = analyzeOffline(
      tamperTransfer("6.20", 0, (to, a) => [to, a / 10n]),
      ctx,
    );
    const details = facts.mismatches.filter((m) => m.kind === "amount").map((m) => m.detail);
    expect(details).toContainEqual(
      expect.stringMatching(
        /^The text says ".*109,818\.82 USDC.*" \(109,818\.82 USDC\), but the actions move 10,981\.882 USDC to 0xb352…8b1b\.$/,
      ),
    );
  });

  it("flags an asset the text names but no action moves", () => {
    const p = ensFixture("5.16").proposal;
    const calldatas = [
      encodeFunctionData({
        abi: erc20,
        functionName: "transfer",
        args: [M.ENS_LABS, 1_218_669_760_000n],
      }),
    ];
    const { facts } = analyzeOffline({ ...p, targets: [M.ENS_TOKEN], calldatas }, ctx);
    expect(facts.mismatches.map((m) => m.kind)).toContain("asset");
  });

  it("flags a [Social] title over actions", () => {
    const social = ensFixture("4.4.1").proposal;
    const exec = ensFixture("4.6").proposal;
    const { facts } = analyzeOffline({ ...exec, description: social.description }, ctx);
    const title = facts.mismatches.find((m) => m.kind === "title");
    expect(title?.detail).toMatch(
      /^The title says "Social" \("\[4\.4\.1\] \[Social\] Funding Request: ENS Ecosystem Working Group"\), but the proposal executes 6 actions with high risk/,
    );
  });

  it("does not let mismatches lower risk or raise confidence", () => {
    for (const ep of ["5.16", "5.25", "1.9"]) {
      const honest = analyzeOffline(ensFixture(ep).proposal, ctx).facts;
      const tampered = analyzeOffline(
        tamperTransfer(ep, 0, (to, a) => [to, a * 10n]),
        ctx,
      ).facts;
      expect(["high", "critical"]).toContain(tampered.risk);
      expect(tampered.confidence).toBeLessThanOrEqual(honest.confidence - 0.15);
    }
  });
});
