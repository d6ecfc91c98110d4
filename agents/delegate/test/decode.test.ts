import { factsSchema } from "@mandate/mandate";
import {
  type Abi,
  encodeFunctionData,
  type Hex,
  keccak256,
  labelhash,
  namehash,
  parseAbi,
  parseUnits,
  toFunctionSelector,
  toHex,
} from "viem";
import { describe, expect, it } from "vitest";
import { decodeCall } from "../src/decode/calls.js";
import { decodeProposal } from "../src/decode/index.js";
import type { DecodeContext, ProposalInput } from "../src/types.js";
import { mainnetContext as ctx, MAINNET as M } from "./fixtures/context.js";

const erc20 = parseAbi([
  "function transfer(address to, uint256 amount)",
  "function approve(address spender, uint256 amount)",
  "function transferFrom(address from, address to, uint256 amount)",
]);
const erc721 = parseAbi(["function safeTransferFrom(address from, address to, uint256 tokenId)"]);
const proxyAbi = parseAbi([
  "function upgradeTo(address newImplementation)",
  "function upgradeToAndCall(address newImplementation, bytes data)",
  "function upgrade(address proxy, address implementation)",
  "function upgradeAndCall(address proxy, address implementation, bytes data)",
]);
const timelockAbi = parseAbi([
  "function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)",
  "function scheduleBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt, uint256 delay)",
  "function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt)",
  "function updateDelay(uint256 newDelay)",
  "function grantRole(bytes32 role, address account)",
  "function revokeRole(bytes32 role, address account)",
]);
const governorAbi = parseAbi([
  "function setVotingDelay(uint48 newVotingDelay)",
  "function setVotingPeriod(uint32 newVotingPeriod)",
  "function setProposalThreshold(uint256 newProposalThreshold)",
  "function updateQuorumNumerator(uint256 newQuorumNumerator)",
  "function relay(address target, uint256 value, bytes data)",
  "function updateTimelock(address newTimelock)",
]);
const ensAbi = parseAbi([
  "function setOwner(bytes32 node, address owner)",
  "function setResolver(bytes32 node, address resolver)",
  "function setSubnodeOwner(bytes32 label, address owner)",
  "function setController(address controller, bool enabled)",
  "function register(uint256 id, address owner, uint256 duration)",
  "function transferOwnership(address newOwner)",
]);
const superfluidAbi = parseAbi([
  "function setFlowrate(address token, address receiver, int96 flowrate)",
]);
const safeAbi = parseAbi([
  "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)",
]);

const ZERO = "0x0000000000000000000000000000000000000000";
const ZERO32 = `0x${"0".repeat(64)}` as Hex;
const ALICE = "0x00000000000000000000000000000000000a11ce";
const PROXY = "0x1111111111111111111111111111111111111111";
const IMPL = "0x2222222222222222222222222222222222222222";

function enc(abi: Abi, functionName: string, args: readonly unknown[] = []): Hex {
  return encodeFunctionData({ abi, functionName, args } as never) as Hex;
}

function proposal(actions: { target: string; value?: bigint; data: Hex }[]): ProposalInput {
  return {
    id: "1",
    governor: null,
    description: "",
    targets: actions.map((a) => a.target as `0x${string}`),
    values: actions.map((a) => a.value ?? 0n),
    calldatas: actions.map((a) => a.data),
    voteEnd: null,
  };
}

function one(target: string, data: Hex, value = 0n, context: DecodeContext = ctx) {
  const decoded = decodeProposal(proposal([{ target, value, data }]), context);
  const action = decoded.actions[0];
  if (!action) throw new Error("no action decoded");
  return { decoded, action };
}

describe("ERC-20", () => {
  it("describes a USDC transfer with decimals, symbol, USD value and recipient label", () => {
    const { decoded, action } = one(
      M.USDC,
      enc(erc20, "transfer", [M.PUBLIC_GOODS, parseUnits("100000", 6)]),
    );
    expect(action.description).toBe(
      "Transfer 100,000 USDC (≈ $100,000) to Public Goods WG Safe (ens-publicgoods.pod.xyz) (0xcd42…d87d)",
    );
    expect(action).toMatchObject({
      selector: "0xa9059cbb",
      signature: "transfer(address,uint256)",
      category: "transfer",
      unknown: false,
      targetLabel: "USDC",
    });
    expect(decoded.transfers).toEqual([
      {
        actionIndex: 0,
        asset: M.USDC.toLowerCase(),
        symbol: "USDC",
        decimals: 6,
        amount: "100000000000",
        amountTokens: 100_000,
        usd: 100_000,
        to: M.PUBLIC_GOODS.toLowerCase(),
        kind: "transfer",
      },
    ]);
    expect(decoded.totalUsd).toBe(100_000);
    expect(decoded.risk).toBe("medium");
  });

  it("keeps cents exact and prices ENS with the configured price", () => {
    const usdc = one(M.USDC, enc(erc20, "transfer", [M.ENS_LABS, 1_218_669_760_000n]));
    expect(usdc.action.description).toBe(
      "Transfer 1,218,669.76 USDC (≈ $1,218,670) to ENS Labs (coldwallet.ens.eth) (0x690f…06f2)",
    );
    expect(usdc.decoded.transfers[0]?.amountTokens).toBe(1_218_669.76);
    const ens = one(M.ENS_TOKEN, enc(erc20, "transfer", [M.METAGOV, parseUnits("150000", 18)]));
    expect(ens.decoded.transfers[0]?.usd).toBe(3_000_000);
    expect(ens.action.description).toMatch(
      /^Transfer 150,000 ENS \(≈ \$3,000,000\) to Meta-Governance WG Safe/,
    );
    expect(ens.decoded.risk).toBe("high");
  });

  it("describes approvals, unlimited approvals and revocations", () => {
    const limited = one(M.USDC, enc(erc20, "approve", [M.USDCX, parseUnits("300000", 6)]));
    expect(limited.action.description).toBe(
      "Approve USDCx Super Token (0x1ba8…e93a) to spend 300,000 USDC (≈ $300,000)",
    );
    expect(limited.action.category).toBe("approval");
    expect(limited.decoded.transfers[0]).toMatchObject({
      kind: "approve",
      to: M.USDCX.toLowerCase(),
      usd: 300_000,
    });

    const unlimited = one(M.USDC, enc(erc20, "approve", [ALICE, 2n ** 256n - 1n]));
    expect(unlimited.action.description).toBe(
      "Approve 0x0000…11ce to spend an unlimited amount of USDC",
    );
    expect(unlimited.decoded.transfers[0]?.usd).toBeNull();
    expect(unlimited.decoded.totalUsd).toBeNull();
    expect(unlimited.decoded.risk).toBe("high");

    const revoke = one(M.ENS_TOKEN, enc(erc20, "approve", [M.EP2_AIRDROP, 0n]));
    expect(revoke.action.description).toBe(
      "Revoke EP2 airdrop contract (0x4a12…c2dc)'s allowance to spend ENS (approve 0)",
    );
    expect(revoke.decoded.risk).toBe("low");
  });

  it("does not price a token it does not know, and says the amount may be a token id", () => {
    const token = "0x3333333333333333333333333333333333333333";
    const { decoded, action } = one(token, enc(erc20, "transferFrom", [M.DAO_WALLET, ALICE, 5n]));
    expect(action.description).toBe(
      "Transfer 5 (amount or token id) of 0x3333…3333 from wallet.ensdao.eth (ENS DAO timelock) (0xfe89…44b7) to 0x0000…11ce",
    );
    expect(decoded.transfers[0]).toMatchObject({ symbol: "0x3333…3333", decimals: 0, usd: null });
    expect(decoded.totalUsd).toBeNull();
  });
});

describe("native ETH and empty calls", () => {
  it("reads empty calldata with value as an ETH transfer", () => {
    const { decoded, action } = one(M.ENDOWMENT, "0x", parseUnits("16000", 18));
    expect(action.description).toBe(
      "Transfer 16,000 ETH (≈ $48,000,000) to ENS Endowment Safe (endowment.ensdao.eth) (0x4f20…fe64)",
    );
    expect(action).toMatchObject({
      selector: null,
      signature: null,
      category: "transfer",
      value: "16000000000000000000000",
    });
    expect(decoded.transfers[0]).toMatchObject({ asset: "ETH", kind: "native", usd: 48_000_000 });
    expect(decoded.risk).toBe("critical");
  });

  it("leaves ETH unpriced without an ETH price", () => {
    const { decoded } = one(ALICE, "0x", 10n ** 18n, { chainId: 1, tokens: {}, contracts: {} });
    expect(decoded.transfers[0]?.usd).toBeNull();
    expect(decoded.totalUsd).toBeNull();
  });

  it("says an empty call with no value does nothing visible", () => {
    const { action } = one(ALICE, "0x");
    expect(action.description).toMatch(/^Call 0x0000…11ce with no data and no value/);
    expect(action.category).toBe("call");
  });
});

describe("ERC-721", () => {
  it("describes an NFT transfer and leaves it unpriced", () => {
    const registrar = M.BASE_REGISTRAR;
    const id = BigInt(labelhash("ceo"));
    const { decoded, action } = one(
      registrar,
      enc(erc721, "safeTransferFrom", [M.DAO_WALLET, ALICE, id]),
    );
    expect(action.description).toBe(
      "Transfer NFT ceo (token id = labelhash) of .eth registrar (registrar.ens.eth) (0x57f1…ea85) from wallet.ensdao.eth (ENS DAO timelock) (0xfe89…44b7) to 0x0000…11ce",
    );
    expect(decoded.transfers[0]).toMatchObject({
      amount: "1",
      decimals: 0,
      usd: null,
      kind: "transfer",
    });
    expect(decoded.totalUsd).toBeNull();
  });
});

describe("proxy upgrades", () => {
  it.each([
    ["upgradeTo", [IMPL], PROXY, "Upgrade proxy 0x1111…1111 to new implementation 0x2222…2222"],
    [
      "upgradeToAndCall",
      [IMPL, "0x8129fc1c"],
      PROXY,
      "Upgrade proxy 0x1111…1111 to new implementation 0x2222…2222 and call it with 4 bytes of data",
    ],
    [
      "upgrade",
      [PROXY, IMPL],
      ALICE,
      "Upgrade proxy 0x1111…1111 (through ProxyAdmin 0x0000…11ce) to new implementation 0x2222…2222",
    ],
    [
      "upgradeAndCall",
      [PROXY, IMPL, "0x"],
      ALICE,
      "Upgrade proxy 0x1111…1111 (through ProxyAdmin 0x0000…11ce) to new implementation 0x2222…2222",
    ],
  ] as const)("%s is a critical upgrade", (fn, args, target, description) => {
    const { decoded, action } = one(target, enc(proxyAbi, fn, args));
    expect(action.description).toBe(description);
    expect(action.category).toBe("upgrade");
    expect(decoded.risk).toBe("critical");
    expect(decoded.addresses).toContain(IMPL);
  });
});

describe("OpenZeppelin TimelockController", () => {
  const inner = enc(erc20, "transfer", [ALICE, parseUnits("5000", 6)]);

  it("describes a scheduled call by its payload and counts the payload's transfer", () => {
    const data = enc(timelockAbi, "schedule", [M.USDC, 0n, inner, ZERO32, ZERO32, 172_800n]);
    const { decoded, action } = one(M.DAO_WALLET, data);
    expect(action.description).toBe(
      "Schedule through timelock wallet.ensdao.eth (ENS DAO timelock) (0xfe89…44b7) after 2 days: transfer 5,000 USDC (≈ $5,000) to 0x0000…11ce",
    );
    expect(action.category).toBe("transfer");
    expect(decoded.transfers).toHaveLength(1);
    expect(decoded.transfers[0]).toMatchObject({ actionIndex: 0, amount: "5000000000", to: ALICE });
  });

  it("describes batches and executions", () => {
    const batch = enc(timelockAbi, "scheduleBatch", [
      [M.USDC, PROXY],
      [0n, 0n],
      [inner, enc(proxyAbi, "upgradeTo", [IMPL])],
      ZERO32,
      ZERO32,
      86_400n,
    ]);
    const b = one(M.DAO_WALLET, batch);
    expect(b.action.description).toMatch(
      /^Schedule a batch of 2 operations through timelock .*: \(1\) transfer 5,000 USDC .*; \(2\) upgrade proxy 0x1111…1111 to new implementation 0x2222…2222$/,
    );
    expect(b.action.category).toBe("upgrade");
    expect(b.decoded.risk).toBe("critical");

    const exec = one(
      M.DAO_WALLET,
      enc(timelockAbi, "execute", [M.USDC, 0n, inner, ZERO32, ZERO32]),
    );
    expect(exec.action.description).toMatch(/^Execute through timelock .*: transfer 5,000 USDC/);
  });

  it("flags a delay change as high risk with the new delay in words", () => {
    const { decoded, action } = one(M.DAO_WALLET, enc(timelockAbi, "updateDelay", [3_600n]));
    expect(action.description).toBe(
      "Change the timelock delay of wallet.ensdao.eth (ENS DAO timelock) (0xfe89…44b7) to 1 hour (3,600 s)",
    );
    expect(action.category).toBe("parameter");
    expect(decoded.risk).toBe("high");
  });

  it("names roles; granting an admin role is critical", () => {
    const proposer = keccak256(toHex("PROPOSER_ROLE"));
    const grant = one(M.DAO_WALLET, enc(timelockAbi, "grantRole", [proposer, M.SECURITY_COUNCIL]));
    expect(grant.action.description).toBe(
      "Grant PROPOSER_ROLE on wallet.ensdao.eth (ENS DAO timelock) (0xfe89…44b7) to SecurityCouncil contract (0xb8fa…3ee0)",
    );
    expect(grant.action.category).toBe("role");
    expect(grant.decoded.risk).toBe("high");

    const admin = one(M.DAO_WALLET, enc(timelockAbi, "grantRole", [ZERO32, ALICE]));
    expect(admin.action.description).toMatch(/^Grant DEFAULT_ADMIN_ROLE on /);
    expect(admin.decoded.risk).toBe("critical");

    const revoke = one(M.DAO_WALLET, enc(timelockAbi, "revokeRole", [proposer, ALICE]));
    expect(revoke.action.description).toMatch(/^Revoke PROPOSER_ROLE on .* from 0x0000…11ce$/);
  });
});

describe("OpenZeppelin Governor", () => {
  const GOV = "0x4444444444444444444444444444444444444444";
  it.each([
    [
      "setVotingDelay",
      [7_200],
      "Set the voting delay of 0x4444…4444 to 7,200 (blocks or seconds, per the governor's clock)",
    ],
    [
      "setVotingPeriod",
      [50_400],
      "Set the voting period of 0x4444…4444 to 50,400 (blocks or seconds, per the governor's clock)",
    ],
    [
      "setProposalThreshold",
      [parseUnits("100000", 18)],
      "Set the proposal threshold of 0x4444…4444 to 100,000 × 10^18 votes",
    ],
    [
      "updateQuorumNumerator",
      [4n],
      "Set the quorum of 0x4444…4444 to 4 (quorum numerator; % of supply with the default denominator of 100)",
    ],
  ] as const)("%s is a parameter change", (fn, args, description) => {
    const { action, decoded } = one(GOV, enc(governorAbi, fn, args));
    expect(action.description).toBe(description);
    expect(action.category).toBe("parameter");
    expect(decoded.risk).toBe("medium");
  });

  it("relay describes the relayed call; updateTimelock is critical", () => {
    const relayed = one(
      GOV,
      enc(governorAbi, "relay", [M.USDC, 0n, enc(erc20, "transfer", [ALICE, 1_000_000n])]),
    );
    expect(relayed.action.description).toBe(
      "Relay through governor 0x4444…4444: transfer 1 USDC (≈ $1.00) to 0x0000…11ce",
    );
    expect(relayed.decoded.risk).toBe("high");
    const moved = one(GOV, enc(governorAbi, "updateTimelock", [ALICE]));
    expect(moved.action.category).toBe("governance");
    expect(moved.decoded.risk).toBe("critical");
  });
});

describe("ENS registry, root and registrar", () => {
  it("names TLDs and nodes from their hashes", () => {
    const tld = one(
      M.ENS_ROOT,
      enc(ensAbi, "setSubnodeOwner", [labelhash("ceo"), M.DNS_REGISTRAR]),
    );
    expect(tld.action.description).toBe(
      "Assign the top-level domain .ceo on ENS Root (root.ens.eth) (0xab52…5897) to DNSSEC registrar (0xb32c…ba2b)",
    );
    expect(tld.action.category).toBe("role");
    const resolver = one(
      M.ENS_REGISTRY,
      enc(ensAbi, "setResolver", [namehash("ceo"), M.OFFCHAIN_DNS_RESOLVER]),
    );
    expect(resolver.action.description).toBe(
      "Set the resolver of ceo in ENS registry (registry.ens.eth) (0x0000…2e1e) to OffchainDNSResolver (0xf142…2025)",
    );
    expect(resolver.action.category).toBe("parameter");
    const owner = one(M.ENS_REGISTRY, enc(ensAbi, "setOwner", [namehash("ceo"), M.DNS_REGISTRAR]));
    expect(owner.action.description).toMatch(
      /^Set the owner of ceo in ENS registry .* to DNSSEC registrar/,
    );
  });

  it("describes controller changes and registrations", () => {
    const add = one(M.ENS_ROOT, enc(ensAbi, "setController", [M.DNS_REGISTRAR, true]));
    expect(add.action.description).toBe(
      "Authorise DNSSEC registrar (0xb32c…ba2b) as a controller of ENS Root (root.ens.eth) (0xab52…5897)",
    );
    const remove = one(M.ENS_ROOT, enc(ensAbi, "setController", [M.LEGACY_MULTISIG, false]));
    expect(remove.action.description).toBe(
      "Remove legacy ENS multisig (0xcf60…8ec0) as a controller of ENS Root (root.ens.eth) (0xab52…5897)",
    );
    expect(remove.decoded.risk).toBe("high");
    const reg = one(
      M.BASE_REGISTRAR,
      enc(ensAbi, "register", [BigInt(labelhash("on")), M.DAO_WALLET, 315_360_000n]),
    );
    expect(reg.action.description).toBe(
      "Register on.eth on .eth registrar (registrar.ens.eth) (0x57f1…ea85) to wallet.ensdao.eth (ENS DAO timelock) (0xfe89…44b7) for 3,650 days",
    );
    const own = one(
      M.BASE_REGISTRAR,
      enc(ensAbi, "transferOwnership", [M.REGISTRAR_SECURITY_CONTROLLER]),
    );
    expect(own.action.description).toBe(
      "Transfer ownership of .eth registrar (registrar.ens.eth) (0x57f1…ea85) to RegistrarSecurityController (0x7dd4…4e1b)",
    );
    expect(own.action.category).toBe("role");
  });
});

describe("Superfluid streams", () => {
  it("reads a flow rate as a stream and values one year of it", () => {
    const { decoded, action } = one(
      M.SUPERFLUID_CFA_FORWARDER,
      enc(superfluidAbi, "setFlowrate", [M.USDCX, M.STREAM_POD, 114155251141552512n]),
    );
    expect(action.description).toBe(
      "Stream 0.114155251… USDCx/s (≈ 3,600,000… USDCx/year) (≈ $3,600,000) to Stream Management Pod (0xb162…31d1) (through Superfluid CFAv1Forwarder (0xcfa1…b125))",
    );
    expect(decoded.transfers[0]).toMatchObject({ kind: "stream", to: M.STREAM_POD.toLowerCase() });
    expect(decoded.transfers[0]?.amount).toBe((114155251141552512n * 31_536_000n).toString());
    expect(decoded.risk).toBe("high");
  });
});

describe("Safe", () => {
  const inner = enc(erc20, "transfer", [M.DAO_WALLET, parseUnits("900000", 6)]);
  const exec = (operation: number, data: Hex = inner, to: string = M.USDC) =>
    enc(safeAbi, "execTransaction", [to, 0n, data, operation, 0n, 0n, 0n, ZERO, ZERO, "0x"]);

  it("describes a Safe transaction by what it does", () => {
    const { decoded, action } = one(M.ENDOWMENT, exec(0));
    expect(action.description).toBe(
      "Via ENS Endowment Safe (endowment.ensdao.eth) (0x4f20…fe64): transfer 900,000 USDC (≈ $900,000) to wallet.ensdao.eth (ENS DAO timelock) (0xfe89…44b7)",
    );
    expect(action.category).toBe("transfer");
    expect(decoded.transfers[0]).toMatchObject({
      amount: "900000000000",
      to: M.DAO_WALLET.toLowerCase(),
    });
  });

  it("makes a delegatecall critical and an undecodable payload unknown", () => {
    const { decoded, action } = one(M.ENDOWMENT, exec(1, "0xdeadbeef", IMPL));
    expect(action.description).toMatch(/DELEGATECALL .*: unknown call 0xdeadbeef to 0x2222…2222$/);
    expect(action.unknown).toBe(true);
    expect(action.category).toBe("unknown");
    expect(decoded.unknownCalldata).toBe(true);
    expect(decoded.risk).toBe("critical");
  });
});

describe("lookup order and unknown calldata", () => {
  it("uses the context ABI first", () => {
    const custom = parseAbi(["function transfer(address payee, uint256 cents)"]);
    const context: DecodeContext = {
      ...ctx,
      contracts: { [ALICE]: { label: "Payroll", abi: custom } },
    };
    const data = enc(custom, "transfer", [M.METAGOV, 5n]);
    expect(decodeCall(ALICE, data, context)?.source).toBe("context");
    expect(decodeCall(ALICE, data, context)?.params[0]?.name).toBe("payee");
    expect(decodeCall(ALICE, data, ctx)?.source).not.toBe("context");
  });

  it("decodes a function only a context ABI knows, and leaves it unknown without it", () => {
    const custom = parseAbi(["function setMagicNumber(uint256 magic)"]);
    const data = enc(custom, "setMagicNumber", [42n]);
    const context: DecodeContext = {
      ...ctx,
      contracts: { [ALICE]: { label: "Magic", abi: custom } },
    };
    const known = one(ALICE, data, 0n, context);
    expect(known.action.description).toBe("Call setMagicNumber(42) on Magic (0x0000…11ce)");
    expect(known.action.category).toBe("parameter");
    const unknown = one(ALICE, data);
    expect(unknown.action.unknown).toBe(true);
    expect(unknown.action.description).toBe(
      `Unknown call ${toFunctionSelector("setMagicNumber(uint256)")} to 0x0000…11ce`,
    );
  });

  it("decodes Mandate's own contracts from @mandate/abis", () => {
    const lmsr = parseAbi([
      "function buy(uint256 marketId, uint256 outcome, uint256 shares, uint256 maxCost, uint256 deadline)",
    ]);
    const call = decodeCall(ALICE, enc(lmsr, "buy", [1n, 0n, 10n, 20n, 30n]), ctx);
    expect(call?.source).toBe("project");
    expect(call?.signature).toBe("buy(uint256,uint256,uint256,uint256,uint256)");
  });

  it("decodes a selector known only from the signature table, generically", () => {
    const abi = parseAbi([
      "function _setCollateralFactor(address cToken, uint256 newCollateralFactorMantissa)",
    ]);
    const { action } = one(ALICE, enc(abi, "_setCollateralFactor", [IMPL, 5n * 10n ** 17n]));
    expect(action.signature).toBe("_setCollateralFactor(address,uint256)");
    expect(action.description).toBe(
      "Call _setCollateralFactor(0x2222…2222, 500,000,000,000,000,000) on 0x0000…11ce",
    );
    expect(action.category).toBe("parameter");
  });

  it("keeps a signature-table selector unknown when the data does not decode cleanly", () => {
    const selector = toFunctionSelector("_setCollateralFactor(address,uint256)");
    const { decoded, action } = one(ALICE, `${selector}00ff` as Hex);
    expect(action.unknown).toBe(true);
    expect(action.signature).toBeNull();
    expect(action.selector).toBe(selector);
    expect(action.description).toBe(`Unknown call ${selector} to 0x0000…11ce`);
    expect(decoded.unknownCalldata).toBe(true);
    expect(decoded.risk).toBe("high");
  });

  it("never guesses: an unknown selector is unknown, and critical when it also sends ETH", () => {
    const { decoded, action } = one(M.USDC, "0x12345678", parseUnits("1", 18));
    expect(action.description).toBe(
      "Unknown call 0x12345678 to USDC (0xa0b8…eb48), sending 1 ETH (≈ $3,000)",
    );
    expect(action).toMatchObject({
      unknown: true,
      category: "unknown",
      signature: null,
      selector: "0x12345678",
    });
    expect(decoded.risk).toBe("critical");
    expect(decoded.transfers[0]).toMatchObject({ kind: "native", asset: "ETH" });
  });

  it("reports trailing calldata and mismatched array lengths without throwing", () => {
    const data = `${enc(erc20, "transfer", [ALICE, 1n])}beef` as Hex;
    const p: ProposalInput = {
      ...proposal([{ target: M.USDC, data }]),
      targets: [M.USDC, M.DAO_WALLET],
      values: [0n],
      calldatas: [data, "0xzz" as Hex, "0x12"],
    };
    const decoded = decodeProposal(p, ctx);
    expect(decoded.actions).toHaveLength(3);
    expect(decoded.actions[0]?.signature).toBe("transfer(address,uint256)");
    expect(decoded.actions[1]).toMatchObject({
      unknown: true,
      description: expect.stringMatching(/malformed data/),
    });
    expect(decoded.actions[2]).toMatchObject({ unknown: true, target: ZERO });
    expect(decoded.warnings.join(" ")).toMatch(/differ in length/);
    expect(decoded.warnings.join(" ")).toMatch(/trailing bytes/);
  });
});

describe("proposal-level facts", () => {
  it("sums USD, lists targets once and every address touched, and fits the facts schema", () => {
    const decoded = decodeProposal(
      proposal([
        { target: M.USDC, data: enc(erc20, "transfer", [M.METAGOV, parseUnits("254000", 6)]) },
        { target: M.USDC, data: enc(erc20, "transfer", [M.ECOSYSTEM, parseUnits("836000", 6)]) },
        { target: M.PUBLIC_GOODS, value: parseUnits("15", 18), data: "0x" },
      ]),
      ctx,
    );
    expect(decoded.totalUsd).toBe(254_000 + 836_000 + 45_000);
    expect(decoded.targets).toEqual([M.USDC.toLowerCase(), M.PUBLIC_GOODS.toLowerCase()]);
    expect(decoded.addresses).toEqual(
      expect.arrayContaining([
        M.METAGOV.toLowerCase(),
        M.ECOSYSTEM.toLowerCase(),
        M.PUBLIC_GOODS.toLowerCase(),
      ]),
    );
    expect(decoded.addresses).not.toContain(ZERO);
    expect(decoded.risk).toBe("high");
    const facts = factsSchema.parse({
      topics: [],
      executable: true,
      actions: decoded.actions,
      transfers: decoded.transfers,
      totalUsd: decoded.totalUsd,
      targets: decoded.targets,
      addresses: decoded.addresses,
      risk: decoded.risk,
      unknownCalldata: decoded.unknownCalldata,
      mismatches: [],
      confidence: 1,
    });
    expect(facts.transfers).toHaveLength(3);
  });
});
