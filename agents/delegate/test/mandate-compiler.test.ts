/**
 * Compiling plain-language wishes into a mandate with an OpenAI-compatible model, against a local
 * HTTP server that speaks the chat-completions wire format and replays hand-written responses
 * (test/fixtures/openai/mandate-*.json; no hosted model is reachable here).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decide, type Facts, mandateHash, parseMandate } from "@mandate/mandate";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/compile-mandate-cli.js";
import { compileMandate, explainMandate } from "../src/engines/mandate-compiler.js";
import { createChatCompleter, InvalidModelOutputError } from "../src/engines/openai.js";

const WISHES =
  "Vote against any treasury transfer above $500k. Ask me about contract upgrades. " +
  "Support grants up to $100k. Otherwise abstain.";
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/openai/${name}.json`, import.meta.url), "utf8")) as {
    status: number;
    body: unknown;
  };

let server: Server;
let baseURL = "";
const replies: string[] = [];
const requests: { messages: { role: string; content: string }[]; response_format: unknown }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      requests.push(JSON.parse(raw));
      const f = fixture(replies.shift() ?? "mandate-invalid");
      res.writeHead(f.status, { "content-type": "application/json" });
      res.end(JSON.stringify(f.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const completer = () => createChatCompleter({ baseURL, model: "gpt-4o-mini", maxRetries: 0 });

describe("compileMandate", () => {
  it("turns a valid draft into a parsed mandate, its hash and plain-words rules", async () => {
    replies.push("mandate-good");
    const compiled = await compileMandate(completer(), WISHES, { name: "Careful grants" });
    const sent = requests.at(-1);
    expect(sent?.messages.at(-1)?.content).toContain(WISHES);
    expect(JSON.stringify(sent?.response_format)).toContain('"name":"mandate"');
    expect(compiled.mandate.rules.map((r) => r.id)).toEqual([
      "no-large-transfers",
      "ask-on-upgrades",
      "small-grants",
    ]);
    expect(compiled.hash).toBe(mandateHash(parseMandate(JSON.parse(compiled.json))));
    expect(compiled.explanation).toContain(
      "1. no-large-transfers: when it moves funds and the funds moved total above $500,000, vote Against.",
    );
    expect(compiled.explanation.at(-1)).toBe("Otherwise: Abstain.");
    // The compiled rules decide like the wishes say.
    const facts: Facts = {
      topics: ["treasury"],
      executable: true,
      actions: [],
      transfers: [
        {
          actionIndex: 0,
          asset: "0x0000000000000000000000000000000000000001",
          symbol: "USDC",
          decimals: 6,
          amount: "600000000000",
          amountTokens: 600_000,
          usd: 600_000,
          to: "0x0000000000000000000000000000000000000002",
          kind: "transfer",
        },
      ],
      totalUsd: 600_000,
      targets: [],
      addresses: [],
      risk: "high",
      unknownCalldata: false,
      mismatches: [],
      confidence: 0.9,
    };
    expect(decide(facts, compiled.mandate).vote).toBe("against");
  });

  it("rejects an invalid draft, naming every problem, and never returns it", async () => {
    replies.push("mandate-invalid");
    const error = await compileMandate(completer(), WISHES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidModelOutputError);
    const issues = (error as InvalidModelOutputError).issues.join("\n");
    expect(issues).toMatch(/rules\[0\]\.when\.totalUsd\.gt/);
    expect(issues).toMatch(/rules\[1\]\.then/);
  });

  it("refuses empty wishes before calling the model", async () => {
    const before = requests.length;
    await expect(compileMandate(completer(), "   ")).rejects.toThrow(/empty/);
    expect(requests.length).toBe(before);
  });

  it("explains the uncertainty settings before the rules", () => {
    const m = parseMandate({
      schema: "mandate/v1",
      name: "x",
      version: 1,
      defaultStance: "ask",
      uncertainty: { minConfidence: 0.7, onMismatch: "ignore", onUnknownCalldata: "against" },
      rules: [],
    });
    expect(explainMandate(m)[1]).toBe(
      "Before any rule: if the facts' confidence is below 0.7, ask you; if the text disagrees with the actions, carry on; if some calldata cannot be decoded, vote Against.",
    );
  });
});

describe("mandate-compile CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "mandate-compile-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const quiet = () => {
    const out: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
    vi.spyOn(console, "error").mockImplementation((...a) => void out.push(a.join(" ")));
    return out;
  };

  it("writes the confirmed draft (--yes) and prints its rules and hash", async () => {
    const out = quiet();
    replies.push("mandate-good");
    const file = join(dir, "m.json");
    const code = await main(["--text", WISHES, "--out", file, "--yes"], {
      OPENAI_BASE_URL: baseURL,
      OPENAI_MODEL: "gpt-4o-mini",
    });
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const written = parseMandate(JSON.parse(readFileSync(file, "utf8")));
    expect(out.join("\n")).toContain(`mandate hash ${mandateHash(written)}`);
    expect(out.join("\n")).toContain(
      "2. ask-on-upgrades: when an action is of kind upgrade, ask you.",
    );
  });

  it("writes nothing when the draft is invalid, and says why", async () => {
    const out = quiet();
    replies.push("mandate-invalid");
    const file = join(dir, "bad.json");
    const code = await main(["--text", WISHES, "--out", file, "--yes"], {
      OPENAI_BASE_URL: baseURL,
      OPENAI_MODEL: "gpt-4o-mini",
    });
    vi.restoreAllMocks();
    expect(code).toBe(1);
    expect(() => readFileSync(file)).toThrow();
    expect(out.join("\n")).toContain("Nothing was written");
  });

  it("needs a model provider, and says how to do without one", async () => {
    const out = quiet();
    const code = await main(["--text", WISHES, "--out", join(dir, "n.json")], {});
    vi.restoreAllMocks();
    expect(code).toBe(2);
    expect(out.join("\n")).toMatch(
      /needs a model provider: set OPENAI_MODEL.*edit the rules directly/,
    );
  });
});
