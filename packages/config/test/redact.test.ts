import { describe, expect, it } from "vitest";
import { maskUrl, redact, urlHasPassword } from "../src/index.js";

const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

describe("redact", () => {
  it("removes a hex key in any case, with or without 0x", () => {
    const text = `a ${KEY} b ${KEY.slice(2).toUpperCase()} c 0x${KEY.slice(2).toUpperCase()}`;
    expect(redact(text, [KEY])).toBe("a *** b *** c ***");
    expect(redact(text, [KEY.slice(2)])).toBe("a *** b *** c ***");
  });

  it("removes passwords exactly and URL-encoded", () => {
    const pw = "p@ss word/1";
    const text = `connect postgres://u:${encodeURIComponent(pw)}@db failed; password was ${pw}`;
    expect(redact(text, [pw])).toBe("connect postgres://u:***@db failed; password was ***");
  });

  it("handles several secrets, overlapping ones longest first, and ignores empty entries", () => {
    expect(redact("abcdef abc", ["abc", "abcdef", "", null, undefined])).toBe("*** ***");
    expect(redact("nothing here", [])).toBe("nothing here");
    expect(redact("a.b*c a-b-c", ["a.b*c"])).toBe("*** a-b-c");
  });
});

describe("maskUrl", () => {
  const cases: [string, string][] = [
    [
      "postgres://mandate:s3cret@db.internal:5432/mandate",
      "postgres://mandate:***@db.internal:5432/mandate",
    ],
    [
      "postgres://mandate@db.internal/mandate_delegate_2024_db",
      "postgres://mandate@db.internal/mandate_delegate_2024_db",
    ],
    ["https://ghp_token123@example.com/x", "https://***@example.com/x"],
    ["https://rpc.example/?key=abc123&chain=1", "https://rpc.example/?key=***&chain=1"],
    [
      "https://rpc.example/v1?apikey=abc&token=def&access_token=ghi&x=1",
      "https://rpc.example/v1?apikey=***&token=***&access_token=***&x=1",
    ],
    [
      "https://eth-mainnet.g.alchemy.com/v2/Ab3dEfGh1jKlMnOpQrStUvWxYz012345",
      "https://eth-mainnet.g.alchemy.com/v2/***",
    ],
    [
      "https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef",
      "https://mainnet.infura.io/v3/***",
    ],
    ["wss://user:pw@node.example:8546/ws", "wss://user:***@node.example:8546/ws"],
    ["http://127.0.0.1:8545", "http://127.0.0.1:8545"],
    ["https://api.openai.com/v1", "https://api.openai.com/v1"],
    ["https://a.example/path#frag", "https://a.example/path#frag"],
  ];
  for (const [input, output] of cases) {
    it(input, () => {
      expect(maskUrl(input)).toBe(output);
    });
  }

  it("masks text that is not a URL", () => {
    expect(maskUrl("not a url //user:pw@host?key=abc")).toBe("not a url //***@host?key=***");
  });
});

describe("urlHasPassword", () => {
  it("finds passwords in user info and query", () => {
    expect(urlHasPassword("postgres://u:p@h/db")).toBe(true);
    expect(urlHasPassword("postgres://h/db?password=p")).toBe(true);
    expect(urlHasPassword("postgres://u@h/db")).toBe(false);
    expect(urlHasPassword("postgres://h/db?password=")).toBe(false);
    expect(urlHasPassword("garbage //u:p@h")).toBe(true);
    expect(urlHasPassword("garbage")).toBe(false);
  });
});
