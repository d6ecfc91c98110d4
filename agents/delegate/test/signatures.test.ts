import { parseAbiItem, toFunctionSelector, toFunctionSignature } from "viem";
import { describe, expect, it } from "vitest";
import { signatureFor, signatureTableSize } from "../src/decode/calls.js";
import table from "../src/decode/signatures.json" with { type: "json" };

const entries = Object.entries(table as Record<string, string>);

describe("shipped signature table (src/decode/signatures.json)", () => {
  it("holds a few hundred signatures", () => {
    expect(entries.length).toBeGreaterThanOrEqual(250);
    expect(signatureTableSize()).toBe(entries.length);
  });

  it("maps every selector to a signature whose keccak256 starts with that selector", () => {
    const wrong = entries.filter(
      ([selector, signature]) => toFunctionSelector(signature) !== selector,
    );
    expect(wrong).toEqual([]);
  });

  it("stores canonical signatures that parse", () => {
    for (const [selector, signature] of entries) {
      expect(selector).toMatch(/^0x[0-9a-f]{8}$/);
      const item = parseAbiItem(`function ${signature}`);
      expect(item.type).toBe("function");
      expect(toFunctionSignature(item as never)).toBe(signature);
      expect(signatureFor(selector)?.name).toBe(signature.slice(0, signature.indexOf("(")));
    }
  });

  it("contains the families the decoder relies on", () => {
    const signatures = new Set(entries.map(([, s]) => s));
    for (const s of [
      "transfer(address,uint256)",
      "upgradeToAndCall(address,bytes)",
      "scheduleBatch(address[],uint256[],bytes[],bytes32,bytes32,uint256)",
      "updateQuorumNumerator(uint256)",
      "setSubnodeOwner(bytes32,bytes32,address)",
      "setFlowrate(address,address,int96)",
      "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)",
    ]) {
      expect(signatures.has(s), s).toBe(true);
    }
  });

  it("returns null for a selector it does not hold", () => {
    expect(signatureFor("0x9f2c4a11")).toBeNull();
  });
});
