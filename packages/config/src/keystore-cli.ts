#!/usr/bin/env node
/**
 * mandate-keystore: creates and inspects Ethereum V3 keystore files for Mandate's agents.
 *
 *   MANDATE_KEYSTORE_PRIVATE_KEY=0x... mandate-keystore new --out operator.json
 *   mandate-keystore new --generate --out operator.json     # password typed twice, not echoed
 *   mandate-keystore address operator.json
 *
 * Prints only the address on stdout; never the key or the password.
 */
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import { getAddress } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { runIfEntryPoint } from "./cli.js";
import { KeystoreError } from "./errors.js";
import { devAccountIndex } from "./keys.js";
import {
  checkPrivateKey,
  DEFAULT_SCRYPT_N,
  encryptKeystore,
  keystoreAddress,
  MAX_SCRYPT_N,
} from "./keystore.js";

export const KEY_VARIABLE = "MANDATE_KEYSTORE_PRIVATE_KEY";
export const PASSWORD_VARIABLE = "MANDATE_KEYSTORE_PASSWORD";
const MIN_CLI_SCRYPT_N = 1024;

export const USAGE = `mandate-keystore: creates and inspects Ethereum V3 keystore files (the encrypted key files
geth, ethers and MetaMask use) for Mandate's agents.

Usage:
  mandate-keystore new --out FILE [--generate] [--scrypt-n N]
  mandate-keystore address FILE
  mandate-keystore --help

new       encrypts a private key into FILE (created with mode 0600; an existing file is never
          overwritten) and prints the key's address.
            key:       ${KEY_VARIABLE} (hex), or --generate for a fresh random key
            password:  ${PASSWORD_VARIABLE}, or typed twice at the terminal (not echoed)
            --scrypt-n N   scrypt cost, a power of 2 (default ${DEFAULT_SCRYPT_N}); lower it only for tests
address   prints the address recorded in FILE, without decrypting it.

Then point MANDATE_OPERATOR_KEYSTORE (or MANDATE_TRADER_KEYSTORE) at FILE, and put the password
in a file of mode 0600 named by MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE.
`;

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Reads a line without echo; null when there is no terminal to ask on. */
  readHidden: ((prompt: string) => Promise<string>) | null;
}

class UsageError extends Error {}
class CliError extends Error {}

function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
    readHidden: process.stdin.isTTY ? readHiddenFromTty : null,
  };
}

/** Reads one line from the terminal in raw mode, echoing nothing; the prompt goes to stderr. */
function readHiddenFromTty(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolvePromise, reject) => {
    let buf = "";
    const done = (error: Error | null) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolvePromise(buf);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of String(chunk)) {
        if (ch === "\r" || ch === "\n") return done(null);
        if (ch === "\u0003" || ch === "\u0004") return done(new CliError("cancelled"));
        if (ch === "\u007f" || ch === "\b") buf = Array.from(buf).slice(0, -1).join("");
        else if (ch >= " ") buf += ch;
      }
    };
    process.stderr.write(prompt);
    stdin.setEncoding("utf8");
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}

interface NewArgs {
  command: "new";
  out: string;
  generate: boolean;
  scryptN: number;
}
type Args = { command: "help" } | NewArgs | { command: "address"; file: string };

export function parseArgs(argv: readonly string[]): Args {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h"))
    return { command: "help" };
  const [command, ...rest] = argv;
  if (command === "address") {
    const positional = rest.filter((a) => !a.startsWith("-"));
    const flags = rest.filter((a) => a.startsWith("-"));
    if (flags.length > 0) throw new UsageError(`address: unknown option ${flags[0]}`);
    if (positional.length !== 1) throw new UsageError("address takes exactly one FILE");
    return { command: "address", file: positional[0] as string };
  }
  if (command !== "new") {
    throw new UsageError(`unknown command ${JSON.stringify(command)}: expected "new" or "address"`);
  }
  let out: string | undefined;
  let generate = false;
  let scryptN = DEFAULT_SCRYPT_N;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = flag !== arg ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--"))) {
        throw new UsageError(`${flag} needs a value`);
      }
      return v;
    };
    if (flag === "--out" || flag === "-o") out = value();
    else if (flag === "--generate" && inline === undefined) generate = true;
    else if (flag === "--scrypt-n") {
      const raw = value();
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < MIN_CLI_SCRYPT_N || n > MAX_SCRYPT_N || (n & (n - 1)) !== 0) {
        throw new UsageError(
          `--scrypt-n must be a power of 2 from ${MIN_CLI_SCRYPT_N} to ${MAX_SCRYPT_N}`,
        );
      }
      scryptN = n;
    } else if (arg.startsWith("-")) throw new UsageError(`new: unknown option ${arg}`);
    else
      throw new UsageError(
        `new: unexpected argument ${JSON.stringify(arg)} (the file goes after --out)`,
      );
  }
  if (out === undefined || out === "") throw new UsageError("new needs --out FILE");
  return { command: "new", out, generate, scryptN };
}

async function readPassword(io: CliIo): Promise<string> {
  const fromEnv = io.env[PASSWORD_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (!io.readHidden) {
    throw new CliError(`no password: set ${PASSWORD_VARIABLE}, or run on a terminal to type it`);
  }
  const first = await io.readHidden("Password for the keystore: ");
  if (first === "") throw new CliError("the password is empty; a keystore needs a password");
  const second = await io.readHidden("Repeat the password: ");
  if (first !== second) throw new CliError("the two passwords differ; nothing was written");
  return first;
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "not found";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return code ?? (e instanceof Error ? e.message : String(e));
}

async function runNew(args: NewArgs, io: CliIo): Promise<void> {
  const out = resolve(io.cwd, args.out);
  if (existsSync(out)) {
    throw new CliError(
      `${out} already exists; refusing to overwrite it (move it away or choose another --out)`,
    );
  }
  const dir = dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliError(`directory ${dir} does not exist`);

  const rawKey = io.env[KEY_VARIABLE];
  const hasKey = rawKey !== undefined && rawKey.trim() !== "";
  if (hasKey && args.generate) {
    throw new UsageError(`both ${KEY_VARIABLE} and --generate are given; choose one`);
  }
  if (!hasKey && !args.generate) {
    throw new UsageError(
      `no key: set ${KEY_VARIABLE} to the hex private key, or pass --generate for a fresh one`,
    );
  }
  let key: `0x${string}`;
  if (hasKey) {
    const checked = checkPrivateKey(rawKey);
    if ("problem" in checked)
      throw new CliError(`${KEY_VARIABLE} is not a private key: ${checked.problem}`);
    key = checked.key;
  } else {
    key = generatePrivateKey();
  }
  const password = await readPassword(io);
  const json = await encryptKeystore(key, password, { scryptN: args.scryptN });

  let fd: number;
  try {
    fd = openSync(out, "wx", 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") {
      throw new CliError(
        `${out} already exists; refusing to overwrite it (move it away or choose another --out)`,
      );
    }
    throw new CliError(`cannot create ${out}: ${describeFsError(e)}`);
  }
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, `${json}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const address = privateKeyToAddress(key);
  const dev = devAccountIndex(address);
  if (dev !== null) {
    io.err(
      `note: this is Hardhat/Anvil dev account #${dev}, a well-known key: it is accepted only on the local chain (31337)`,
    );
  }
  io.out(address);
}

function runAddress(file: string, io: CliIo): void {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${describeFsError(e)}`);
  }
  let address: string | null;
  try {
    address = keystoreAddress(text);
  } catch (e) {
    if (e instanceof KeystoreError) throw new CliError(`${path}: ${e.message}`);
    throw e;
  }
  if (address === null) {
    throw new CliError(
      `${path} has no address field (it is optional); only decrypting it tells the address`,
    );
  }
  io.out(getAddress(address));
}

/** Runs the CLI; returns the exit code (0 done, 1 failed, 2 bad usage). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === "help") io.out(USAGE.trimEnd());
    else if (args.command === "address") runAddress(args.file, io);
    else await runNew(args, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`mandate-keystore: ${e.message}\n\n${USAGE.trimEnd()}`);
      return 2;
    }
    if (e instanceof CliError || e instanceof KeystoreError) {
      io.err(`mandate-keystore: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

runIfEntryPoint(import.meta.url, "mandate-keystore", main, { unexpected: "unexpected error: " });
