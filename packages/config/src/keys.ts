/**
 * Signing keys for the agents (the delegate's operator, the trader): from a hex key in the
 * environment or from an Ethereum V3 keystore file and its password. Keys are never printed;
 * errors say which variable is wrong and how (its length, never its value). The well-known
 * Hardhat/Anvil dev keys are refused on every chain but the local one.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { mnemonicToAccount, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { DevKeyRefusedError, KeystoreError, SigningKeyError } from "./errors.js";
import { checkPrivateKey, decryptKeystore } from "./keystore.js";

/** The local chain (Hardhat, Anvil): the only chain where the dev keys are accepted. */
export const LOCAL_CHAIN_ID = 31337;
/** The mnemonic behind Hardhat's and Anvil's funded dev accounts: public, so anyone can sign. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
/** How many of its accounts are recognised (Hardhat's and Anvil's defaults are 20 and 10). */
export const DEV_ACCOUNT_COUNT = 20;

let devAddresses: Map<string, number> | null = null;

/** Index (0..19) of a well-known dev account with this address, or null. */
export function devAccountIndex(address: string): number | null {
  if (!devAddresses) {
    devAddresses = new Map();
    for (let i = 0; i < DEV_ACCOUNT_COUNT; i++) {
      devAddresses.set(
        mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }).address.toLowerCase(),
        i,
      );
    }
  }
  return devAddresses.get(address.toLowerCase()) ?? null;
}

/** Whether the address is one of the well-known Hardhat/Anvil dev accounts. */
export function isDevAddress(address: string): boolean {
  return devAccountIndex(address) !== null;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface SigningKeyOptions {
  /** Whose key this is, for messages ("operator key", "trader key"). */
  name: "operator" | "trader";
  /** Variable holding the hex private key, e.g. MANDATE_OPERATOR_KEY. */
  keyVar: string;
  /**
   * Variable holding the path of a V3 keystore, e.g. MANDATE_OPERATOR_KEYSTORE; its password
   * comes from `<keystoreVar>_PASSWORD` or from the file named by `<keystoreVar>_PASSWORD_FILE`.
   */
  keystoreVar: string;
  /** The chain the key will sign for; dev keys are refused unless it is the local chain. */
  chainId: number;
  /** The local chain id (31337, Hardhat's and Anvil's). */
  localChainId?: 31337;
  /** Base for relative keystore and password-file paths; default process.cwd(). */
  cwd?: string;
}

export interface SigningKey {
  account: PrivateKeyAccount;
  source: "env" | "keystore";
  /** Absolute path of the keystore, when source is "keystore". */
  keystore?: string;
  /**
   * The raw key, for services whose signer takes one. Non-enumerable: JSON.stringify and
   * util.inspect do not show it.
   */
  readonly privateKey: `0x${string}`;
}

/** An environment variable's value; empty counts as unset. */
function read(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === "" ? undefined : v;
}

function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "not found"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "is a directory"
            : (code ?? (e instanceof Error ? e.message : String(e)));
    throw new SigningKeyError(`${what}: cannot read ${path}: ${why}`, { cause: e });
  }
}

/**
 * Reads a signing key from the environment: a hex key in `keyVar`, or a keystore named by
 * `keystoreVar` with its password in `<keystoreVar>_PASSWORD` or in the file named by
 * `<keystoreVar>_PASSWORD_FILE` (a trailing newline is ignored). Exactly one of the two sources
 * must be set. Empty variables count as unset.
 *
 * Throws {@link SigningKeyError} (never containing the key or the password) and
 * {@link DevKeyRefusedError} for a Hardhat/Anvil dev key on a chain other than 31337.
 */
export async function signingKeyFromEnv(env: Env, opts: SigningKeyOptions): Promise<SigningKey> {
  const { name, keyVar, keystoreVar, chainId } = opts;
  const localChainId = opts.localChainId ?? LOCAL_CHAIN_ID;
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new TypeError(`signingKeyFromEnv: chainId must be a positive integer, got ${chainId}`);
  }
  const what = `${name} key`;
  const passwordVar = `${keystoreVar}_PASSWORD`;
  const passwordFileVar = `${keystoreVar}_PASSWORD_FILE`;
  const rawKey = read(env, keyVar);
  const keystorePath = read(env, keystoreVar);

  if (rawKey !== undefined && keystorePath !== undefined) {
    throw new SigningKeyError(
      `${what}: both ${keyVar} and ${keystoreVar} are set; set only one (the keystore is the safer choice)`,
    );
  }
  if (rawKey === undefined && keystorePath === undefined) {
    throw new SigningKeyError(
      `no ${what}: set ${keystoreVar} to an Ethereum V3 keystore file (with its password in ${passwordVar} or in a file named by ${passwordFileVar}), or ${keyVar} to the hex private key`,
    );
  }

  let key: `0x${string}`;
  let source: SigningKey["source"];
  let keystore: string | undefined;
  if (rawKey !== undefined) {
    const checked = checkPrivateKey(rawKey);
    if ("problem" in checked) {
      throw new SigningKeyError(`${keyVar} is not a private key: ${checked.problem}`);
    }
    key = checked.key;
    source = "env";
  } else {
    keystore = resolve(opts.cwd ?? process.cwd(), keystorePath as string);
    const json = readTextFile(keystore, keystoreVar);
    const password = readPassword(env, passwordVar, passwordFileVar, opts.cwd);
    try {
      key = await decryptKeystore(json, password);
    } catch (e) {
      if (e instanceof KeystoreError) {
        throw new SigningKeyError(`${keystoreVar} (${keystore}): ${e.message}`, { cause: e });
      }
      throw e;
    }
    source = "keystore";
  }

  const account = privateKeyToAccount(key);
  const devIndex = chainId === localChainId ? null : devAccountIndex(account.address);
  if (devIndex !== null) {
    throw new DevKeyRefusedError(
      chainId,
      account.address,
      `${source === "env" ? keyVar : keystoreVar}: the ${what} is refused on chain ${chainId}: a well-known dev key, anyone can sign with it (Hardhat/Anvil dev account #${devIndex}, ${account.address}; it is accepted only on the local chain ${localChainId})`,
    );
  }
  const result = (
    keystore === undefined ? { account, source } : { account, source, keystore }
  ) as SigningKey;
  Object.defineProperty(result, "privateKey", { value: key, enumerable: false });
  return result;
}

function readPassword(env: Env, passwordVar: string, fileVar: string, cwd?: string): string {
  const direct = env[passwordVar];
  const file = read(env, fileVar);
  const hasDirect = direct !== undefined && direct !== "";
  if (hasDirect && file !== undefined) {
    throw new SigningKeyError(`both ${passwordVar} and ${fileVar} are set; set only one`);
  }
  if (hasDirect) return direct;
  if (file === undefined) {
    throw new SigningKeyError(
      `no keystore password: set ${fileVar} to a file holding it (mode 0600), or ${passwordVar}`,
    );
  }
  const path = resolve(cwd ?? process.cwd(), file);
  return readTextFile(path, fileVar).replace(/[\r\n]+$/, "");
}
