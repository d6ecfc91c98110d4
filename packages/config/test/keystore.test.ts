import { scryptSync } from "node:crypto";
import { privateKeyToAddress } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  decryptKeystore,
  encryptKeystore,
  KeystoreError,
  type KeystoreErrorReason,
  type KeystoreV3,
  keystoreAddress,
} from "../src/index.js";
import { opensslAcceptsScrypt, scryptJs } from "../src/scrypt.js";

// The two test vectors of the Web3 Secret Storage Definition
// (https://ethereum.org/en/developers/docs/data-structures-and-encoding/web3-secret-storage/),
// verbatim: password "testpassword". Note the scrypt vector's r = 1 and p = 8.
const VECTOR_KEY = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";
const VECTOR_ADDRESS = "0x008AeEda4D805471dF9b2A5B0f38A0C3bCBA786b";
const PBKDF2_VECTOR = `{
    "crypto" : {
        "cipher" : "aes-128-ctr",
        "cipherparams" : {
            "iv" : "6087dab2f9fdbbfaddc31a909735c1e6"
        },
        "ciphertext" : "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
        "kdf" : "pbkdf2",
        "kdfparams" : {
            "c" : 262144,
            "dklen" : 32,
            "prf" : "hmac-sha256",
            "salt" : "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"
        },
        "mac" : "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"
    },
    "id" : "3198bc9c-6672-5ab3-d995-4942343ae5b6",
    "version" : 3
}`;
const SCRYPT_VECTOR = `{
    "crypto" : {
        "cipher" : "aes-128-ctr",
        "cipherparams" : {
            "iv" : "83dbcc02d8ccb40e466191a123791e0e"
        },
        "ciphertext" : "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
        "kdf" : "scrypt",
        "kdfparams" : {
            "dklen" : 32,
            "n" : 262144,
            "p" : 8,
            "r" : 1,
            "salt" : "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"
        },
        "mac" : "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"
    },
    "id" : "3198bc9c-6672-5ab3-d995-4942343ae5b6",
    "version" : 3
}`;

const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const PASSWORD = "correct horse battery staple";

async function keystoreError(
  json: string | object,
  password = PASSWORD,
): Promise<KeystoreError & { reason: KeystoreErrorReason }> {
  try {
    await decryptKeystore(json, password);
  } catch (e) {
    expect(e).toBeInstanceOf(KeystoreError);
    return e as KeystoreError;
  }
  throw new Error("expected a KeystoreError");
}

/** A small, valid keystore to damage field by field. */
async function sample(kdf: "scrypt" | "pbkdf2" = "scrypt"): Promise<KeystoreV3> {
  return JSON.parse(
    await encryptKeystore(KEY, PASSWORD, { kdf, scryptN: 1024, pbkdf2C: 1000 }),
  ) as KeystoreV3;
}

describe("Web3 Secret Storage test vectors", () => {
  it("decrypts the PBKDF2-SHA-256 vector", async () => {
    expect(await decryptKeystore(PBKDF2_VECTOR, "testpassword")).toBe(VECTOR_KEY);
    expect(privateKeyToAddress(VECTOR_KEY)).toBe(VECTOR_ADDRESS);
  });

  it("decrypts the scrypt vector (n=262144, r=1, p=8: beyond what node:crypto accepts)", async () => {
    expect(opensslAcceptsScrypt(262144, 1)).toBe(false);
    expect(await decryptKeystore(SCRYPT_VECTOR, "testpassword")).toBe(VECTOR_KEY);
  });

  it("refuses the vectors with a wrong password", async () => {
    const e = await keystoreError(PBKDF2_VECTOR, "testpassworD");
    expect(e.reason).toBe("password");
    expect(e.message).toBe(
      "cannot decrypt the keystore: wrong password, or the file is damaged (MAC mismatch)",
    );
  });
});

describe("scrypt", () => {
  it("the TypeScript scrypt matches node:crypto where both run", async () => {
    for (const [n, r, p] of [
      [16, 1, 1],
      [1024, 8, 1],
      [256, 2, 3],
    ] as const) {
      const salt = Buffer.from(`salt-${n}-${r}-${p}`);
      const expected = scryptSync("pw", salt, 48, { N: n, r, p });
      expect((await scryptJs(Buffer.from("pw"), salt, n, r, p, 48)).toString("hex")).toBe(
        expected.toString("hex"),
      );
    }
  });

  it("the TypeScript scrypt matches RFC 7914's test vector", async () => {
    const out = await scryptJs(Buffer.from("password"), Buffer.from("NaCl"), 1024, 8, 16, 64);
    expect(out.toString("hex")).toBe(
      "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162" +
        "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
    );
  });
});

describe("encryptKeystore / decryptKeystore", () => {
  for (const kdf of ["scrypt", "pbkdf2"] as const) {
    it(`round trip with ${kdf}`, async () => {
      const json = await encryptKeystore(KEY, PASSWORD, { kdf, scryptN: 1024, pbkdf2C: 1000 });
      expect(await decryptKeystore(json, PASSWORD)).toBe(KEY);
      expect(await decryptKeystore(JSON.parse(json) as object, PASSWORD)).toBe(KEY);
      const e = await keystoreError(json, `${PASSWORD}!`);
      expect(e.reason).toBe("password");
    });
  }

  it("writes a standard V3 keystore", async () => {
    const ks = await sample();
    expect(Object.keys(ks).sort()).toEqual(["address", "crypto", "id", "version"]);
    expect(ks.version).toBe(3);
    expect(ks.address).toBe(privateKeyToAddress(KEY).slice(2).toLowerCase());
    expect(ks.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ks.crypto.cipher).toBe("aes-128-ctr");
    expect(ks.crypto.cipherparams.iv).toMatch(/^[0-9a-f]{32}$/);
    expect(ks.crypto.ciphertext).toMatch(/^[0-9a-f]{64}$/);
    expect(ks.crypto.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(ks.crypto.kdf).toBe("scrypt");
    expect(ks.crypto.kdfparams).toEqual({
      dklen: 32,
      n: 1024,
      r: 8,
      p: 1,
      salt: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const pb = await sample("pbkdf2");
    expect(pb.crypto.kdfparams).toEqual({
      c: 1000,
      dklen: 32,
      prf: "hmac-sha256",
      salt: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it("defaults to scrypt n=262144, r=8, p=1", async () => {
    const ks = JSON.parse(await encryptKeystore(KEY, PASSWORD)) as KeystoreV3;
    expect(ks.crypto.kdfparams).toMatchObject({ n: 262144, r: 8, p: 1, dklen: 32 });
    expect(await decryptKeystore(ks, PASSWORD)).toBe(KEY);
  });

  it("uses fresh randomness every time", async () => {
    const [a, b] = [await sample(), await sample()];
    expect(a.id).not.toBe(b.id);
    expect(a.crypto.kdfparams.salt).not.toBe(b.crypto.kdfparams.salt);
    expect(a.crypto.cipherparams.iv).not.toBe(b.crypto.cipherparams.iv);
    expect(a.crypto.ciphertext).not.toBe(b.crypto.ciphertext);
  });

  it("never puts the key or the password in the file", async () => {
    const json = await encryptKeystore(KEY, PASSWORD, { scryptN: 1024 });
    expect(json).not.toContain(KEY.slice(2));
    expect(json).not.toContain(PASSWORD);
  });

  it("accepts other writers' variations: Crypto, 0x-prefixed hex, no address", async () => {
    const ks = (await sample()) as unknown as Record<string, unknown>;
    const { crypto, address: _address, ...rest } = ks;
    const c = crypto as KeystoreV3["crypto"];
    const variant = {
      ...rest,
      Crypto: { ...c, mac: `0x${c.mac.toUpperCase()}`, ciphertext: `0x${c.ciphertext}` },
    };
    expect(await decryptKeystore(variant, PASSWORD)).toBe(KEY);
  });

  it("tries the NFKD form of a password (as ethers normalises it)", async () => {
    const nfc = "pa\u00dfw\u00f6rd-\u00e9";
    const json = await encryptKeystore(KEY, nfc.normalize("NFKD"), { scryptN: 1024 });
    expect(await decryptKeystore(json, nfc)).toBe(KEY);
    // And the password is used as given first.
    const asGiven = await encryptKeystore(KEY, nfc, { scryptN: 1024 });
    expect(await decryptKeystore(asGiven, nfc)).toBe(KEY);
  });

  it("refuses a malformed private key without showing it", async () => {
    const short = KEY.slice(0, -1);
    await expect(encryptKeystore(short as `0x${string}`, PASSWORD)).rejects.toThrow(
      "private key: expected 32 bytes as 64 hex digits (with or without 0x), got 63 hex digits",
    );
    await expect(encryptKeystore(short as `0x${string}`, PASSWORD)).rejects.not.toThrow(
      short.slice(2),
    );
    await expect(encryptKeystore(`0x${"00".repeat(32)}`, PASSWORD)).rejects.toThrow(
      "not a valid secp256k1 private key",
    );
  });

  it("refuses bad options", async () => {
    await expect(encryptKeystore(KEY, PASSWORD, { scryptN: 1000 })).rejects.toThrow(
      "scryptN must be a power of 2 from 2 to 1048576, got 1000",
    );
    await expect(encryptKeystore(KEY, PASSWORD, { pbkdf2C: 0, kdf: "pbkdf2" })).rejects.toThrow(
      "pbkdf2C must be an integer",
    );
  });
});

describe("decryptKeystore: errors", () => {
  it("damaged ciphertext or MAC: wrong password, or the file is damaged", async () => {
    const ks = await sample();
    const flipped = `${ks.crypto.ciphertext.slice(0, -1)}${ks.crypto.ciphertext.endsWith("0") ? "1" : "0"}`;
    const e = await keystoreError({ ...ks, crypto: { ...ks.crypto, ciphertext: flipped } });
    expect(e.reason).toBe("password");
    expect(e.message).toContain("wrong password, or the file is damaged");
  });

  it("the error never contains the password", async () => {
    const ks = await sample();
    const e = await keystoreError(ks, "my-very-secret-passphrase");
    expect(e.message).not.toContain("my-very-secret-passphrase");
  });

  it("not JSON, not an object", async () => {
    const e = await keystoreError('{"version": 3, "crypto": {');
    expect(e.reason).toBe("json");
    expect(e.message).toBe(
      "keystore is not valid JSON at line 1, column 27: unexpected end of file, expected a double-quoted key",
    );
    expect((await keystoreError("[1]")).message).toBe(
      "keystore must be a JSON object, not an array",
    );
  });

  it("unsupported version", async () => {
    const ks = await sample();
    const e = await keystoreError({ ...ks, version: 1 });
    expect(e.reason).toBe("version");
    expect(e.message).toBe(
      "unsupported keystore version 1: only version 3 (Web3 Secret Storage) is supported",
    );
    const { version: _v, ...noVersion } = ks;
    expect((await keystoreError(noVersion)).message).toContain("keystore has no version field");
  });

  it("unsupported kdf, prf and cipher", async () => {
    const ks = await sample();
    const kdf = await keystoreError({ ...ks, crypto: { ...ks.crypto, kdf: "argon2id" } });
    expect(kdf.reason).toBe("kdf");
    expect(kdf.message).toBe(
      'unsupported key derivation function crypto.kdf = "argon2id": only "scrypt" and "pbkdf2" are supported',
    );
    const pb = await sample("pbkdf2");
    const prf = await keystoreError({
      ...pb,
      crypto: { ...pb.crypto, kdfparams: { ...pb.crypto.kdfparams, prf: "hmac-sha512" } },
    });
    expect(prf.reason).toBe("kdf");
    expect(prf.message).toContain(
      'unsupported pbkdf2 function crypto.kdfparams.prf = "hmac-sha512"',
    );
    const cipher = await keystoreError({ ...ks, crypto: { ...ks.crypto, cipher: "aes-128-cbc" } });
    expect(cipher.reason).toBe("cipher");
    expect(cipher.message).toBe(
      'unsupported cipher crypto.cipher = "aes-128-cbc": only "aes-128-ctr" is supported',
    );
  });

  it("malformed fields are named", async () => {
    const ks = await sample();
    const c = ks.crypto;
    const kp = c.kdfparams;
    const cases: [unknown, string][] = [
      [{ ...ks, crypto: undefined }, "keystore field crypto is missing"],
      [{ ...ks, crypto: "x" }, "keystore field crypto must be an object, not a string"],
      [
        { ...ks, crypto: { ...c, cipherparams: undefined } },
        "keystore field crypto.cipherparams is missing",
      ],
      [
        { ...ks, crypto: { ...c, cipherparams: { iv: "abcd" } } },
        "keystore field crypto.cipherparams.iv is 2 bytes, expected 16",
      ],
      [
        { ...ks, crypto: { ...c, ciphertext: "zz" } },
        "keystore field crypto.ciphertext is not a hex string",
      ],
      [
        { ...ks, crypto: { ...c, ciphertext: 5 } },
        "keystore field crypto.ciphertext must be a hex string, not a number",
      ],
      [
        { ...ks, crypto: { ...c, ciphertext: "00".repeat(31) } },
        "keystore field crypto.ciphertext is 31 bytes; an encrypted private key is 32",
      ],
      [{ ...ks, crypto: { ...c, mac: undefined } }, "keystore field crypto.mac is missing"],
      [{ ...ks, crypto: { ...c, kdf: undefined } }, "keystore field crypto.kdf is missing"],
      [
        { ...ks, crypto: { ...c, kdfparams: [] } },
        "keystore field crypto.kdfparams must be an object, not an array",
      ],
      [
        { ...ks, crypto: { ...c, kdfparams: { ...kp, salt: "" } } },
        "keystore field crypto.kdfparams.salt is empty",
      ],
      [
        { ...ks, crypto: { ...c, kdfparams: { ...kp, dklen: 16 } } },
        "keystore field crypto.kdfparams.dklen is 16, expected 32 to 1024",
      ],
      [
        { ...ks, crypto: { ...c, kdfparams: { ...kp, n: 1000 } } },
        "keystore field crypto.kdfparams.n is 1000, not a power of 2",
      ],
      [
        { ...ks, crypto: { ...c, kdfparams: { ...kp, n: "1024" } } },
        'keystore field crypto.kdfparams.n must be an integer, not "1024"',
      ],
      [
        { ...ks, crypto: { ...c, kdfparams: { ...kp, n: 2 ** 21 } } },
        "keystore field crypto.kdfparams.n is 2097152, expected 2 to 1048576",
      ],
      [
        { ...ks, crypto: { ...c, kdfparams: { ...kp, r: undefined } } },
        "keystore field crypto.kdfparams.r is missing",
      ],
    ];
    for (const [json, message] of cases) {
      const e = await keystoreError(json as object);
      expect(e.message).toBe(message);
    }
    const costly = await keystoreError({
      ...ks,
      crypto: { ...c, kdfparams: { ...kp, n: 2 ** 20, r: 16 } },
    });
    expect(costly.reason).toBe("kdf");
    expect(costly.message).toContain("are too costly");
    const slow = await keystoreError({
      ...ks,
      crypto: { ...c, kdfparams: { ...kp, n: 2 ** 20, r: 1, p: 16 } },
    });
    expect(slow.message).toBe(
      "scrypt parameters n=1048576 r=1 p=16 are too costly (with r=1, n * r * p may be at most 2097152)",
    );
  });

  it("an address field that is not the key's means a damaged file", async () => {
    const ks = await sample();
    const e = await keystoreError({ ...ks, address: "00".repeat(20) });
    expect(e.reason).toBe("address");
    expect(e.message).toBe(
      `the keystore's address field ("${"00".repeat(20)}") is not the address of the key it holds (${privateKeyToAddress(KEY)}): the file is damaged`,
    );
  });
});

describe("keystoreAddress", () => {
  it("reads the address without decrypting", async () => {
    const ks = await sample();
    expect(keystoreAddress(JSON.stringify(ks))).toBe(privateKeyToAddress(KEY));
    expect(keystoreAddress({ ...ks, address: undefined })).toBeNull();
    expect(() => keystoreAddress({ ...ks, address: "0x12" })).toThrow(
      "keystore field address is not a 20-byte hex address",
    );
    expect(() => keystoreAddress({ version: 3 })).toThrow("keystore field crypto is missing");
  });
});
