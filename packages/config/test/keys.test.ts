import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesToHex, type Hex } from "viem";
import { mnemonicToAccount, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEV_MNEMONIC,
  DevKeyRefusedError,
  devAccountIndex,
  encryptKeystore,
  isDevAddress,
  SigningKeyError,
  type SigningKeyOptions,
  signingKeyFromEnv,
} from "../src/index.js";

const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const PASSWORD = "operator keystore password";
const OPERATOR: SigningKeyOptions = {
  name: "operator",
  keyVar: "MANDATE_OPERATOR_KEY",
  keystoreVar: "MANDATE_OPERATOR_KEYSTORE",
  chainId: 1,
};

function devKey(index: number): Hex {
  const key = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error("no private key");
  return bytesToHex(key);
}

let dir: string;
let keystorePath: string;
let devKeystorePath: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mandate-keys-"));
  keystorePath = join(dir, "operator.json");
  writeFileSync(keystorePath, await encryptKeystore(KEY, PASSWORD, { scryptN: 1024 }), {
    mode: 0o600,
  });
  devKeystorePath = join(dir, "dev0.json");
  writeFileSync(devKeystorePath, await encryptKeystore(devKey(0), PASSWORD, { scryptN: 1024 }));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function keyError(
  env: Record<string, string | undefined>,
  opts: Partial<SigningKeyOptions> = {},
): Promise<SigningKeyError> {
  try {
    await signingKeyFromEnv(env, { ...OPERATOR, cwd: dir, ...opts });
  } catch (e) {
    expect(e).toBeInstanceOf(SigningKeyError);
    return e as SigningKeyError;
  }
  throw new Error("expected a SigningKeyError");
}

describe("signingKeyFromEnv: a key in the environment", () => {
  it("reads a hex key with or without 0x, trimmed", async () => {
    for (const raw of [KEY, KEY.slice(2), `  ${KEY.toUpperCase().replace("0X", "0x")}\n`]) {
      const key = await signingKeyFromEnv({ MANDATE_OPERATOR_KEY: raw }, OPERATOR);
      expect(key.source).toBe("env");
      expect(key.account.address).toBe(privateKeyToAddress(KEY));
      expect(key.keystore).toBeUndefined();
    }
  });

  it("a malformed key: the error says the length, never the value", async () => {
    const short = KEY.slice(0, 40);
    const e = await keyError({ MANDATE_OPERATOR_KEY: short });
    expect(e.message).toBe(
      "MANDATE_OPERATOR_KEY is not a private key: expected 32 bytes as 64 hex digits (with or without 0x), got 38 hex digits",
    );
    expect(e.message).not.toContain(short.slice(2));
    const notHex = `${KEY.slice(0, -4)}zzzz`;
    const e2 = await keyError({ MANDATE_OPERATOR_KEY: notHex });
    expect(e2.message).toContain("got 64 characters that are not all hex digits");
    expect(e2.message).not.toContain(notHex.slice(2, -4));
    const e3 = await keyError({ MANDATE_OPERATOR_KEY: `0x${"ff".repeat(32)}` });
    expect(e3.message).toBe(
      "MANDATE_OPERATOR_KEY is not a private key: not a valid secp256k1 private key (zero, or not below the curve order)",
    );
  });

  it("neither variable: the error names both", async () => {
    const e = await keyError({ MANDATE_OPERATOR_KEY: "", MANDATE_OPERATOR_KEYSTORE: " " });
    expect(e.message).toBe(
      "no operator key: set MANDATE_OPERATOR_KEYSTORE to an Ethereum V3 keystore file (with its password in MANDATE_OPERATOR_KEYSTORE_PASSWORD or in a file named by MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE), or MANDATE_OPERATOR_KEY to the hex private key",
    );
    const trader = await keyError(
      {},
      { name: "trader", keyVar: "MANDATE_TRADER_KEY", keystoreVar: "MANDATE_TRADER_KEYSTORE" },
    );
    expect(trader.message).toMatch(
      /^no trader key: set MANDATE_TRADER_KEYSTORE .* or MANDATE_TRADER_KEY/,
    );
  });

  it("both variables: an error, without either value", async () => {
    const e = await keyError({
      MANDATE_OPERATOR_KEY: KEY,
      MANDATE_OPERATOR_KEYSTORE: keystorePath,
    });
    expect(e.message).toBe(
      "operator key: both MANDATE_OPERATOR_KEY and MANDATE_OPERATOR_KEYSTORE are set; set only one (the keystore is the safer choice)",
    );
    expect(e.message).not.toContain(KEY.slice(2));
  });

  it("rejects a chain id that is not a positive integer", async () => {
    await expect(
      signingKeyFromEnv({ MANDATE_OPERATOR_KEY: KEY }, { ...OPERATOR, chainId: Number.NaN }),
    ).rejects.toThrow("chainId must be a positive integer");
  });
});

describe("signingKeyFromEnv: a keystore", () => {
  it("with the password in the environment", async () => {
    const key = await signingKeyFromEnv(
      { MANDATE_OPERATOR_KEYSTORE: keystorePath, MANDATE_OPERATOR_KEYSTORE_PASSWORD: PASSWORD },
      OPERATOR,
    );
    expect(key).toMatchObject({ source: "keystore", keystore: keystorePath });
    expect(key.account.address).toBe(privateKeyToAddress(KEY));
  });

  it("with the password in a file (trailing newline ignored), paths relative to cwd", async () => {
    const passwordFile = join(dir, "password");
    writeFileSync(passwordFile, `${PASSWORD}\r\n`);
    chmodSync(passwordFile, 0o600);
    const key = await signingKeyFromEnv(
      {
        MANDATE_OPERATOR_KEYSTORE: "operator.json",
        MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE: "password",
      },
      { ...OPERATOR, cwd: dir },
    );
    expect(key.account.address).toBe(privateKeyToAddress(KEY));
  });

  it("wrong password: names the variable and the file, not the password", async () => {
    const e = await keyError({
      MANDATE_OPERATOR_KEYSTORE: keystorePath,
      MANDATE_OPERATOR_KEYSTORE_PASSWORD: "not the password",
    });
    expect(e.message).toBe(
      `MANDATE_OPERATOR_KEYSTORE (${keystorePath}): cannot decrypt the keystore: wrong password, or the file is damaged (MAC mismatch)`,
    );
    expect(e.message).not.toContain("not the password");
  });

  it("no password, both passwords, missing files", async () => {
    expect((await keyError({ MANDATE_OPERATOR_KEYSTORE: keystorePath })).message).toBe(
      "no keystore password: set MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE to a file holding it (mode 0600), or MANDATE_OPERATOR_KEYSTORE_PASSWORD",
    );
    const both = await keyError({
      MANDATE_OPERATOR_KEYSTORE: keystorePath,
      MANDATE_OPERATOR_KEYSTORE_PASSWORD: PASSWORD,
      MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE: "password",
    });
    expect(both.message).toBe(
      "both MANDATE_OPERATOR_KEYSTORE_PASSWORD and MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE are set; set only one",
    );
    expect(both.message).not.toContain(PASSWORD);
    expect(
      (
        await keyError({
          MANDATE_OPERATOR_KEYSTORE: keystorePath,
          MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE: "nope",
        })
      ).message,
    ).toBe(`MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE: cannot read ${join(dir, "nope")}: not found`);
    expect(
      (
        await keyError({
          MANDATE_OPERATOR_KEYSTORE: "missing.json",
          MANDATE_OPERATOR_KEYSTORE_PASSWORD: PASSWORD,
        })
      ).message,
    ).toBe(`MANDATE_OPERATOR_KEYSTORE: cannot read ${join(dir, "missing.json")}: not found`);
  });

  it("a keystore that is not one", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"version": 1}');
    const e = await keyError({
      MANDATE_OPERATOR_KEYSTORE: bad,
      MANDATE_OPERATOR_KEYSTORE_PASSWORD: PASSWORD,
    });
    expect(e.message).toBe(
      `MANDATE_OPERATOR_KEYSTORE (${bad}): unsupported keystore version 1: only version 3 (Web3 Secret Storage) is supported`,
    );
  });
});

describe("the well-known dev keys", () => {
  it("are the 20 Hardhat/Anvil accounts", () => {
    expect(devAccountIndex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).toBe(0);
    expect(isDevAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).toBe(true);
    expect(devAccountIndex(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 19 }).address)).toBe(19);
    expect(isDevAddress(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 20 }).address)).toBe(false);
    expect(isDevAddress(privateKeyToAddress(KEY))).toBe(false);
  });

  it("are refused on chain 1, from the environment", async () => {
    const e = await keyError({ MANDATE_OPERATOR_KEY: devKey(0) });
    expect(e).toBeInstanceOf(DevKeyRefusedError);
    expect(e.message).toBe(
      "MANDATE_OPERATOR_KEY: the operator key is refused on chain 1: a well-known dev key, anyone can sign with it (Hardhat/Anvil dev account #0, 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266; it is accepted only on the local chain 31337)",
    );
    expect(e.message).not.toContain(devKey(0).slice(2));
    expect(e).toMatchObject({ chainId: 1, address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" });
    const last = await keyError({ MANDATE_OPERATOR_KEY: devKey(19) }, { chainId: 11155111 });
    expect(last.message).toContain(
      "refused on chain 11155111: a well-known dev key, anyone can sign with it",
    );
    expect(last.message).toContain("dev account #19");
  });

  it("are refused on chain 1, from a keystore", async () => {
    const e = await keyError({
      MANDATE_OPERATOR_KEYSTORE: devKeystorePath,
      MANDATE_OPERATOR_KEYSTORE_PASSWORD: PASSWORD,
    });
    expect(e).toBeInstanceOf(DevKeyRefusedError);
    expect(e.message).toMatch(
      /^MANDATE_OPERATOR_KEYSTORE: the operator key is refused on chain 1: a well-known dev key/,
    );
  });

  it("are accepted on the local chain 31337", async () => {
    const fromEnv = await signingKeyFromEnv(
      { MANDATE_OPERATOR_KEY: devKey(11) },
      { ...OPERATOR, chainId: 31337 },
    );
    expect(fromEnv.account.address).toBe(
      mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 11 }).address,
    );
    const fromKeystore = await signingKeyFromEnv(
      { MANDATE_OPERATOR_KEYSTORE: devKeystorePath, MANDATE_OPERATOR_KEYSTORE_PASSWORD: PASSWORD },
      { ...OPERATOR, chainId: 31337, localChainId: 31337 },
    );
    expect(fromKeystore.account.address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  });

  it("other keys are accepted on any chain", async () => {
    const key = await signingKeyFromEnv({ MANDATE_OPERATOR_KEY: KEY }, { ...OPERATOR, chainId: 1 });
    expect(key.account.address).toBe(privateKeyToAddress(KEY));
  });
});

describe("the raw key on the result", () => {
  it("is there for signers that need it, but neither JSON nor inspect shows it", async () => {
    const { inspect } = await import("node:util");
    const key = `0x${"5a".repeat(32)}` as const;
    const signing = await signingKeyFromEnv(
      { MANDATE_TRADER_KEY: key },
      {
        name: "trader",
        keyVar: "MANDATE_TRADER_KEY",
        keystoreVar: "MANDATE_TRADER_KEYSTORE",
        chainId: 1,
      },
    );
    expect(signing.privateKey).toBe(key);
    expect(JSON.stringify({ ...signing, account: signing.account.address })).not.toContain(
      "5a5a5a",
    );
    expect(inspect(signing, { depth: 0 })).not.toContain("5a5a5a");
  });
});
