/**
 * Ethereum V3 keystores ("Web3 Secret Storage", the JSON files geth, ethers, MetaMask and
 * MyEtherWallet export): a private key encrypted with AES-128-CTR under a key derived from a
 * password by scrypt or PBKDF2-HMAC-SHA256, with a MAC that tells a wrong password from a right
 * one: MAC = keccak256(derivedKey[16..32] ++ ciphertext).
 *
 * Key derivation runs on Node's thread pool (node:crypto's asynchronous scrypt/pbkdf2), so a
 * decryption at start-up does not block the event loop.
 */
import {
  createCipheriv,
  createDecipheriv,
  pbkdf2,
  randomBytes,
  randomUUID,
  scrypt,
  timingSafeEqual,
} from "node:crypto";
import { type Address, getAddress, type Hex, keccak256 } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { KeystoreError } from "./errors.js";
import { JsonSyntaxError, parseJson } from "./json.js";
import { opensslAcceptsScrypt, scryptJs } from "./scrypt.js";

/** scrypt parameters as stored in a keystore. */
export interface ScryptKdfParams {
  dklen: number;
  n: number;
  r: number;
  p: number;
  salt: string;
}

/** PBKDF2 parameters as stored in a keystore (`prf` is always `hmac-sha256`). */
export interface Pbkdf2KdfParams {
  dklen: number;
  c: number;
  prf: "hmac-sha256";
  salt: string;
}

/** A version 3 keystore as written by {@link encryptKeystore} (and geth). */
export interface KeystoreV3 {
  /** The account's address, lower-case hex without 0x. Optional in the format. */
  address?: string;
  crypto: {
    cipher: "aes-128-ctr";
    ciphertext: string;
    cipherparams: { iv: string };
    kdf: "scrypt" | "pbkdf2";
    kdfparams: ScryptKdfParams | Pbkdf2KdfParams;
    mac: string;
  };
  id: string;
  version: 3;
}

/** geth's "standard" scrypt cost: n = 2^18, r = 8, p = 1 (about a second, 256 MiB). */
export const DEFAULT_SCRYPT_N = 262_144;
export const DEFAULT_SCRYPT_R = 8;
export const DEFAULT_SCRYPT_P = 1;
/** PBKDF2 iterations written when `kdf: "pbkdf2"` is asked for (the Web3 Secret Storage example). */
export const DEFAULT_PBKDF2_C = 262_144;

/** Largest scrypt n accepted (2^20): larger costs are refused rather than allocated. */
export const MAX_SCRYPT_N = 1_048_576;
/** Largest scrypt memory (128 * n * r bytes) accepted: 1 GiB. */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;
const MAX_PBKDF2_C = 10_000_000;
/** Largest n * r * p for parameters only the TypeScript scrypt runs (n >= 2^(16 r)). */
const JS_SCRYPT_MAX_BLOCKS = 2 ** 21;

// ---------------------------------------------------------------------------------------------
// private keys

/** Checks a hex private key; returns it normalised (0x, lower case) or what is wrong with it. */
export function checkPrivateKey(raw: string): { key: Hex } | { problem: string } {
  const trimmed = raw.trim();
  const digits = /^0x/i.test(trimmed) ? trimmed.slice(2) : trimmed;
  if (!/^[0-9a-fA-F]*$/.test(digits)) {
    return {
      problem: `expected 32 bytes as 64 hex digits (with or without 0x), got ${digits.length} characters that are not all hex digits`,
    };
  }
  if (digits.length !== 64) {
    return {
      problem: `expected 32 bytes as 64 hex digits (with or without 0x), got ${digits.length} hex digits`,
    };
  }
  const key = `0x${digits.toLowerCase()}` as Hex;
  try {
    privateKeyToAddress(key);
  } catch {
    return { problem: "not a valid secp256k1 private key (zero, or not below the curve order)" };
  }
  return { key };
}

// ---------------------------------------------------------------------------------------------
// field checks

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** A short, non-secret rendering of a format field's value (version, kdf, cipher names). */
function shown(v: unknown): string {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return v.length <= 40 ? JSON.stringify(v) : "a long string";
  return kind(v);
}

function fieldError(path: string, problem: string): KeystoreError {
  return new KeystoreError("field", `keystore field ${path} ${problem}`);
}

function hexField(obj: Json, key: string, path: string, bytes?: number): Buffer {
  const v = obj[key];
  if (v === undefined) throw fieldError(path, "is missing");
  if (typeof v !== "string") throw fieldError(path, `must be a hex string, not ${kind(v)}`);
  const digits = /^0x/i.test(v) ? v.slice(2) : v;
  if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 !== 0) {
    throw fieldError(path, "is not a hex string");
  }
  if (digits.length === 0) throw fieldError(path, "is empty");
  const buf = Buffer.from(digits, "hex");
  if (bytes !== undefined && buf.length !== bytes) {
    throw fieldError(path, `is ${buf.length} bytes, expected ${bytes}`);
  }
  return buf;
}

function intField(obj: Json, key: string, path: string, min: number, max: number): number {
  const v = obj[key];
  if (v === undefined) throw fieldError(path, "is missing");
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw fieldError(path, `must be an integer, not ${shown(v)}`);
  }
  if (v < min || v > max) throw fieldError(path, `is ${v}, expected ${min} to ${max}`);
  return v;
}

function objectField(obj: Json, key: string, path: string): Json {
  const v = obj[key];
  if (v === undefined) throw fieldError(path, "is missing");
  if (!isObject(v)) throw fieldError(path, `must be an object, not ${kind(v)}`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// key derivation

type Kdf =
  | { kdf: "scrypt"; salt: Buffer; dklen: number; n: number; r: number; p: number }
  | { kdf: "pbkdf2"; salt: Buffer; dklen: number; c: number };

function scryptAsync(password: Buffer, kdf: Extract<Kdf, { kdf: "scrypt" }>): Promise<Buffer> {
  if (!opensslAcceptsScrypt(kdf.n, kdf.r)) {
    // e.g. r = 1 with n >= 65536, as in the Web3 Secret Storage test vector: see scrypt.ts.
    return scryptJs(password, kdf.salt, kdf.n, kdf.r, kdf.p, kdf.dklen);
  }
  // OpenSSL needs 128 * r * (n + 2) bytes for V plus 128 * r * p for B; add headroom.
  const maxmem = 128 * kdf.r * (kdf.n + 2) + 128 * kdf.r * kdf.p + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, kdf.salt, kdf.dklen, { N: kdf.n, r: kdf.r, p: kdf.p, maxmem }, (e, key) =>
      e ? reject(e) : resolve(key),
    );
  });
}

function pbkdf2Async(password: Buffer, kdf: Extract<Kdf, { kdf: "pbkdf2" }>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, kdf.salt, kdf.c, kdf.dklen, "sha256", (e, key) =>
      e ? reject(e) : resolve(key),
    );
  });
}

async function deriveKey(password: string, kdf: Kdf): Promise<Buffer> {
  const pw = Buffer.from(password, "utf8");
  try {
    return kdf.kdf === "scrypt" ? await scryptAsync(pw, kdf) : await pbkdf2Async(pw, kdf);
  } catch (e) {
    throw new KeystoreError(
      "kdf",
      `${kdf.kdf} key derivation failed: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}

function mac(derived: Buffer, ciphertext: Buffer): Buffer {
  const hex = keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext]));
  return Buffer.from(hex.slice(2), "hex");
}

function readKdf(crypto: Json): Kdf {
  const name = crypto.kdf;
  if (name !== "scrypt" && name !== "pbkdf2") {
    throw new KeystoreError(
      "kdf",
      name === undefined
        ? "keystore field crypto.kdf is missing"
        : `unsupported key derivation function crypto.kdf = ${shown(name)}: only "scrypt" and "pbkdf2" are supported`,
    );
  }
  const params = objectField(crypto, "kdfparams", "crypto.kdfparams");
  const salt = hexField(params, "salt", "crypto.kdfparams.salt");
  const dklen = intField(params, "dklen", "crypto.kdfparams.dklen", 32, 1024);
  if (name === "pbkdf2") {
    if (params.prf !== "hmac-sha256") {
      throw new KeystoreError(
        "kdf",
        params.prf === undefined
          ? "keystore field crypto.kdfparams.prf is missing"
          : `unsupported pbkdf2 function crypto.kdfparams.prf = ${shown(params.prf)}: only "hmac-sha256" is supported`,
      );
    }
    const c = intField(params, "c", "crypto.kdfparams.c", 1, MAX_PBKDF2_C);
    return { kdf: "pbkdf2", salt, dklen, c };
  }
  const n = intField(params, "n", "crypto.kdfparams.n", 2, MAX_SCRYPT_N);
  if ((n & (n - 1)) !== 0) throw fieldError("crypto.kdfparams.n", `is ${n}, not a power of 2`);
  const r = intField(params, "r", "crypto.kdfparams.r", 1, 1024);
  const p = intField(params, "p", "crypto.kdfparams.p", 1, 1024);
  if (128 * n * r > MAX_SCRYPT_MEMORY || n * r * p > 2 ** 30) {
    throw new KeystoreError(
      "kdf",
      `scrypt parameters n=${n} r=${r} p=${p} are too costly (more than 1 GiB of memory or 2^30 blocks)`,
    );
  }
  if (!opensslAcceptsScrypt(n, r) && n * r * p > JS_SCRYPT_MAX_BLOCKS) {
    // Only the TypeScript scrypt runs these (see scrypt.ts); it is slower, so it is bounded
    // tighter: the Web3 Secret Storage vector (n=262144, r=1, p=8) is the largest it accepts.
    throw new KeystoreError(
      "kdf",
      `scrypt parameters n=${n} r=${r} p=${p} are too costly (with r=${r}, n * r * p may be at most ${JS_SCRYPT_MAX_BLOCKS})`,
    );
  }
  return { kdf: "scrypt", salt, dklen, n, r, p };
}

// ---------------------------------------------------------------------------------------------
// decryption

function readKeystoreObject(json: string | object): Json {
  let obj: unknown = json;
  if (typeof json === "string") {
    try {
      obj = parseJson(json).value;
    } catch (e) {
      if (e instanceof JsonSyntaxError) {
        throw new KeystoreError("json", `keystore is ${e.message}`);
      }
      throw e;
    }
  }
  if (!isObject(obj))
    throw new KeystoreError("json", `keystore must be a JSON object, not ${kind(obj)}`);
  if (obj.version !== 3) {
    throw new KeystoreError(
      "version",
      obj.version === undefined
        ? "keystore has no version field: only version 3 keystores (Web3 Secret Storage) are supported"
        : `unsupported keystore version ${shown(obj.version)}: only version 3 (Web3 Secret Storage) is supported`,
    );
  }
  return obj;
}

/**
 * Decrypts a version 3 keystore (its JSON text or the parsed object) and returns the private key
 * (0x, lower case). Supports kdf `scrypt` and `pbkdf2` (hmac-sha256) and cipher `aes-128-ctr`.
 *
 * Throws {@link KeystoreError}: `reason` "password" when the MAC does not match ("wrong password,
 * or the file is damaged"); "json", "version", "kdf", "cipher" or "field" (naming the field) when
 * the file is malformed or unsupported; "key" when the decrypted bytes are not a private key;
 * "address" when the file's `address` is not the key's.
 *
 * The password is used as UTF-8 (as geth does); when that fails and its NFKD form differs (as
 * ethers normalises), that form is tried too.
 */
export async function decryptKeystore(json: string | object, password: string): Promise<Hex> {
  if (typeof password !== "string")
    throw new TypeError("decryptKeystore: password must be a string");
  const obj = readKeystoreObject(json);
  const crypto = isObject(obj.crypto) ? obj.crypto : isObject(obj.Crypto) ? obj.Crypto : null;
  if (!crypto) {
    throw fieldError(
      "crypto",
      obj.crypto === undefined ? "is missing" : `must be an object, not ${kind(obj.crypto)}`,
    );
  }
  if (crypto.cipher !== "aes-128-ctr") {
    throw new KeystoreError(
      "cipher",
      crypto.cipher === undefined
        ? "keystore field crypto.cipher is missing"
        : `unsupported cipher crypto.cipher = ${shown(crypto.cipher)}: only "aes-128-ctr" is supported`,
    );
  }
  const iv = hexField(
    objectField(crypto, "cipherparams", "crypto.cipherparams"),
    "iv",
    "crypto.cipherparams.iv",
    16,
  );
  const ciphertext = hexField(crypto, "ciphertext", "crypto.ciphertext");
  if (ciphertext.length !== 32) {
    throw fieldError(
      "crypto.ciphertext",
      `is ${ciphertext.length} bytes; an encrypted private key is 32`,
    );
  }
  const expectedMac = hexField(crypto, "mac", "crypto.mac", 32);
  const kdf = readKdf(crypto);

  let derived = await deriveKey(password, kdf);
  if (!timingSafeEqual(mac(derived, ciphertext), expectedMac)) {
    const nfkd = password.normalize("NFKD");
    if (nfkd !== password) derived = await deriveKey(nfkd, kdf);
    if (nfkd === password || !timingSafeEqual(mac(derived, ciphertext), expectedMac)) {
      throw new KeystoreError(
        "password",
        "cannot decrypt the keystore: wrong password, or the file is damaged (MAC mismatch)",
      );
    }
  }

  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  const checked = checkPrivateKey(plain.toString("hex"));
  plain.fill(0);
  if ("problem" in checked) {
    throw new KeystoreError("key", `the keystore decrypts to bytes that are ${checked.problem}`);
  }
  const recorded = obj.address;
  if (recorded !== undefined) {
    const actual = privateKeyToAddress(checked.key);
    const digits = typeof recorded === "string" ? recorded.replace(/^0x/i, "").toLowerCase() : null;
    if (digits !== actual.slice(2).toLowerCase()) {
      throw new KeystoreError(
        "address",
        `the keystore's address field (${typeof recorded === "string" ? shown(recorded) : kind(recorded)}) is not the address of the key it holds (${actual}): the file is damaged`,
      );
    }
  }
  return checked.key;
}

/**
 * The address recorded in a keystore, read without decrypting it; null when the file has no
 * `address` field (it is optional in the format). Throws KeystoreError when the JSON is not a
 * version 3 keystore or the field is not an address.
 */
export function keystoreAddress(json: string | object): Address | null {
  const obj = readKeystoreObject(json);
  if (!isObject(obj.crypto) && !isObject(obj.Crypto)) throw fieldError("crypto", "is missing");
  const a = obj.address;
  if (a === undefined) return null;
  if (typeof a !== "string") throw fieldError("address", `must be a hex string, not ${kind(a)}`);
  const digits = /^0x/i.test(a) ? a.slice(2) : a;
  if (!/^[0-9a-fA-F]{40}$/.test(digits))
    throw fieldError("address", "is not a 20-byte hex address");
  return getAddress(`0x${digits.toLowerCase()}`);
}

// ---------------------------------------------------------------------------------------------
// encryption

export interface EncryptKeystoreOptions {
  /** Key derivation function; default "scrypt". */
  kdf?: "scrypt" | "pbkdf2";
  /** scrypt cost n (a power of 2, at most 2^20); default 262144. Lower only in tests. */
  scryptN?: number;
  /** PBKDF2 iterations; default 262144. */
  pbkdf2C?: number;
}

/**
 * Encrypts a private key into a version 3 keystore and returns its JSON text (one line, as geth
 * writes it): random 32-byte salt and 16-byte IV, a random UUID, the address in lower-case hex
 * without 0x, scrypt (n = 262144, r = 8, p = 1) or PBKDF2-HMAC-SHA256, AES-128-CTR.
 */
export async function encryptKeystore(
  privateKey: Hex,
  password: string,
  opts: EncryptKeystoreOptions = {},
): Promise<string> {
  if (typeof password !== "string")
    throw new TypeError("encryptKeystore: password must be a string");
  const checked = checkPrivateKey(String(privateKey));
  if ("problem" in checked) throw new KeystoreError("key", `private key: ${checked.problem}`);
  const kdfName = opts.kdf ?? "scrypt";
  const salt = randomBytes(32);
  let kdf: Kdf;
  let kdfparams: ScryptKdfParams | Pbkdf2KdfParams;
  if (kdfName === "scrypt") {
    const n = opts.scryptN ?? DEFAULT_SCRYPT_N;
    if (!Number.isSafeInteger(n) || n < 2 || n > MAX_SCRYPT_N || (n & (n - 1)) !== 0) {
      throw new RangeError(
        `encryptKeystore: scryptN must be a power of 2 from 2 to ${MAX_SCRYPT_N}, got ${n}`,
      );
    }
    kdf = { kdf: "scrypt", salt, dklen: 32, n, r: DEFAULT_SCRYPT_R, p: DEFAULT_SCRYPT_P };
    kdfparams = {
      dklen: 32,
      n,
      p: DEFAULT_SCRYPT_P,
      r: DEFAULT_SCRYPT_R,
      salt: salt.toString("hex"),
    };
  } else if (kdfName === "pbkdf2") {
    const c = opts.pbkdf2C ?? DEFAULT_PBKDF2_C;
    if (!Number.isSafeInteger(c) || c < 1 || c > MAX_PBKDF2_C) {
      throw new RangeError(
        `encryptKeystore: pbkdf2C must be an integer from 1 to ${MAX_PBKDF2_C}, got ${c}`,
      );
    }
    kdf = { kdf: "pbkdf2", salt, dklen: 32, c };
    kdfparams = { c, dklen: 32, prf: "hmac-sha256", salt: salt.toString("hex") };
  } else {
    throw new RangeError(
      `encryptKeystore: kdf must be "scrypt" or "pbkdf2", got ${String(kdfName)}`,
    );
  }
  const derived = await deriveKey(password, kdf);
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const plain = Buffer.from(checked.key.slice(2), "hex");
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  const keystore: KeystoreV3 = {
    address: privateKeyToAddress(checked.key).slice(2).toLowerCase(),
    crypto: {
      cipher: "aes-128-ctr",
      ciphertext: ciphertext.toString("hex"),
      cipherparams: { iv: iv.toString("hex") },
      kdf: kdfName,
      kdfparams,
      mac: mac(derived, ciphertext).toString("hex"),
    },
    id: randomUUID(),
    version: 3,
  };
  derived.fill(0);
  return JSON.stringify(keystore);
}
