/**
 * mandate-keystore, run as a program (src/keystore-cli.ts through node's type stripping) and
 * in-process for the terminal prompt.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { privateKeyToAddress } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decryptKeystore, type KeystoreV3 } from "../src/index.js";
import { type CliIo, main } from "../src/keystore-cli.js";

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, "..", "src", "keystore-cli.ts");
const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const ADDRESS = privateKeyToAddress(KEY);
const PASSWORD = "a long keystore password";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mandate-keystore-cli-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  const { PATH, HOME, SYSTEMROOT } = process.env;
  const result = spawnSync(
    process.execPath,
    [
      "--experimental-transform-types",
      "--no-warnings",
      "--import",
      join(here, "ts-hook.mjs"),
      CLI,
      ...args,
    ],
    {
      cwd: dir,
      // A clean environment: only what the test gives, so no stray MANDATE_* leaks in.
      env: {
        ...(PATH ? { PATH } : {}),
        ...(HOME ? { HOME } : {}),
        ...(SYSTEMROOT ? { SYSTEMROOT } : {}),
        ...env,
      },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SECRETS = { MANDATE_KEYSTORE_PRIVATE_KEY: KEY, MANDATE_KEYSTORE_PASSWORD: PASSWORD };

/** An in-process CliIo; `answers` are what the terminal prompt returns (null: no terminal). */
function io(env: Record<string, string>, answers: string[] | null) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const cliIo: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    cwd: dir,
    readHidden: answers
      ? async (prompt) => {
          prompts.push(prompt);
          return answers.shift() ?? "";
        }
      : null,
  };
  return { cliIo, out, err, prompts };
}

describe("mandate-keystore new / address (child process)", () => {
  it("new writes a 0600 keystore and prints only the address; address reads it back", async () => {
    const created = run(["new", "--out", "operator.json", "--scrypt-n", "1024"], SECRETS);
    expect(created).toEqual({ code: 0, stdout: `${ADDRESS}\n`, stderr: "" });
    const file = join(dir, "operator.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const json = readFileSync(file, "utf8");
    expect(json).not.toContain(KEY.slice(2));
    expect(json).not.toContain(PASSWORD);
    expect((JSON.parse(json) as KeystoreV3).crypto.kdfparams).toMatchObject({
      n: 1024,
      r: 8,
      p: 1,
    });
    expect(await decryptKeystore(json, PASSWORD)).toBe(KEY);

    const address = run(["address", "operator.json"]);
    expect(address).toEqual({ code: 0, stdout: `${ADDRESS}\n`, stderr: "" });
  });

  it("new refuses to overwrite an existing file", () => {
    const file = join(dir, "operator.json");
    writeFileSync(file, "precious");
    const result = run(["new", "--out=operator.json", "--scrypt-n=1024"], SECRETS);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `mandate-keystore: ${file} already exists; refusing to overwrite it (move it away or choose another --out)\n`,
    );
    expect(readFileSync(file, "utf8")).toBe("precious");
  });

  it("new --generate makes a fresh key", async () => {
    const result = run(["new", "--generate", "--out", "fresh.json", "--scrypt-n", "1024"], {
      MANDATE_KEYSTORE_PASSWORD: PASSWORD,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^0x[0-9a-fA-F]{40}\n$/);
    const key = await decryptKeystore(readFileSync(join(dir, "fresh.json"), "utf8"), PASSWORD);
    expect(privateKeyToAddress(key)).toBe(result.stdout.trim());
  });

  it("new without a password and without a terminal fails, writing nothing", () => {
    const result = run(["new", "--out", "k.json"], { MANDATE_KEYSTORE_PRIVATE_KEY: KEY });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "mandate-keystore: no password: set MANDATE_KEYSTORE_PASSWORD, or run on a terminal to type it\n",
    });
  });

  it("a malformed key is described by its length, never shown", () => {
    const bad = KEY.slice(0, 50);
    const result = run(["new", "--out", "k.json"], {
      ...SECRETS,
      MANDATE_KEYSTORE_PRIVATE_KEY: bad,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "mandate-keystore: MANDATE_KEYSTORE_PRIVATE_KEY is not a private key: expected 32 bytes as 64 hex digits (with or without 0x), got 48 hex digits\n",
    );
    expect(result.stderr).not.toContain(bad.slice(2));
  });

  it("bad usage: exit 2 with the usage on stderr", () => {
    const result = run(["new", "--out", "k.json", "--bogus"], SECRETS);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^mandate-keystore: new: unknown option --bogus\n\nmandate-keystore: creates/,
    );
    expect(result.stderr).toContain("Usage:");
  });

  it("--help prints the usage on stdout", () => {
    const result = run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("mandate-keystore new --out FILE [--generate] [--scrypt-n N]");
    expect(result.stdout).toContain("mandate-keystore address FILE");
  });

  it("address: a missing file", () => {
    expect(run(["address", "nope.json"])).toEqual({
      code: 1,
      stdout: "",
      stderr: `mandate-keystore: cannot read ${join(dir, "nope.json")}: not found\n`,
    });
  });
});

describe("mandate-keystore (in-process)", () => {
  it("bad usage: exit 2, the reason, then the usage", async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [["new", "--out", "k.json", "--bogus"], SECRETS, "new: unknown option --bogus"],
      [["new"], SECRETS, "new needs --out FILE"],
      [["new", "--out"], SECRETS, "--out needs a value"],
      [["new", "--out", "--generate"], SECRETS, "--out needs a value"],
      [["new", "k.json"], SECRETS, 'new: unexpected argument "k.json" (the file goes after --out)'],
      [
        ["new", "--out", "k.json", "--scrypt-n", "1000"],
        SECRETS,
        "--scrypt-n must be a power of 2 from 1024 to 1048576",
      ],
      [
        ["new", "--out", "k.json", "--generate"],
        SECRETS,
        "both MANDATE_KEYSTORE_PRIVATE_KEY and --generate are given; choose one",
      ],
      [
        ["new", "--out", "k.json"],
        { MANDATE_KEYSTORE_PASSWORD: PASSWORD },
        "no key: set MANDATE_KEYSTORE_PRIVATE_KEY to the hex private key, or pass --generate for a fresh one",
      ],
      [["address"], {}, "address takes exactly one FILE"],
      [["address", "a", "b"], {}, "address takes exactly one FILE"],
      [["address", "--json", "a"], {}, "address: unknown option --json"],
      [["import", "x"], {}, 'unknown command "import": expected "new" or "address"'],
    ];
    for (const [args, env, message] of cases) {
      const t = io(env, null);
      expect(await main(args, t.cliIo), args.join(" ")).toBe(2);
      expect(t.out).toEqual([]);
      expect(t.err).toHaveLength(1);
      expect(t.err[0]).toMatch(/^mandate-keystore: (.*)\n\nmandate-keystore: creates/);
      expect(t.err[0]?.split("\n")[0]).toBe(`mandate-keystore: ${message}`);
      expect(t.err[0]).toContain("Usage:");
    }
    expect(() => statSync(join(dir, "k.json"))).toThrow();
  });

  it("asks for the password twice", async () => {
    const t = io({ MANDATE_KEYSTORE_PRIVATE_KEY: KEY }, [PASSWORD, PASSWORD]);
    expect(await main(["new", "--out", "k.json", "--scrypt-n", "1024"], t.cliIo)).toBe(0);
    expect(t.prompts).toEqual(["Password for the keystore: ", "Repeat the password: "]);
    expect(t.out).toEqual([ADDRESS]);
    expect(await decryptKeystore(readFileSync(join(dir, "k.json"), "utf8"), PASSWORD)).toBe(KEY);
  });

  it("refuses differing and empty passwords, writing nothing", async () => {
    const differ = io({ MANDATE_KEYSTORE_PRIVATE_KEY: KEY }, [PASSWORD, `${PASSWORD}x`]);
    expect(await main(["new", "--out", "k.json"], differ.cliIo)).toBe(1);
    expect(differ.err).toEqual(["mandate-keystore: the two passwords differ; nothing was written"]);
    const empty = io({ MANDATE_KEYSTORE_PRIVATE_KEY: KEY }, [""]);
    expect(await main(["new", "--out", "k.json"], empty.cliIo)).toBe(1);
    expect(empty.err).toEqual([
      "mandate-keystore: the password is empty; a keystore needs a password",
    ]);
    expect(() => statSync(join(dir, "k.json"))).toThrow();
  });

  it("notes a well-known dev key on stderr", async () => {
    const t = io(
      {
        MANDATE_KEYSTORE_PRIVATE_KEY:
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        MANDATE_KEYSTORE_PASSWORD: PASSWORD,
      },
      null,
    );
    expect(await main(["new", "--out", "dev.json", "--scrypt-n", "1024"], t.cliIo)).toBe(0);
    expect(t.out).toEqual(["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"]);
    expect(t.err).toEqual([
      "note: this is Hardhat/Anvil dev account #0, a well-known key: it is accepted only on the local chain (31337)",
    ]);
  });

  it("address: a file without an address, a file that is not a keystore", async () => {
    writeFileSync(join(dir, "anon.json"), JSON.stringify({ version: 3, crypto: {} }));
    const anon = io({}, null);
    expect(await main(["address", "anon.json"], anon.cliIo)).toBe(1);
    expect(anon.err).toEqual([
      `mandate-keystore: ${join(dir, "anon.json")} has no address field (it is optional); only decrypting it tells the address`,
    ]);
    writeFileSync(join(dir, "v1.json"), JSON.stringify({ version: 1 }));
    const v1 = io({}, null);
    expect(await main(["address", "v1.json"], v1.cliIo)).toBe(1);
    expect(v1.err).toEqual([
      `mandate-keystore: ${join(dir, "v1.json")}: unsupported keystore version 1: only version 3 (Web3 Secret Storage) is supported`,
    ]);
  });

  it("a directory that does not exist", async () => {
    const t = io(SECRETS, null);
    expect(await main(["new", "--out", "no/such/dir/k.json"], t.cliIo)).toBe(1);
    expect(t.err).toEqual([
      `mandate-keystore: directory ${join(dir, "no", "such", "dir")} does not exist`,
    ]);
  });
});
