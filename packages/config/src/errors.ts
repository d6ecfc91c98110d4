/**
 * Every error this package throws is a {@link ConfigError}; the subclasses say which part of the
 * configuration is wrong. No message ever contains a secret value (a key, a password, a URL's
 * password): messages name the variable, the file and what is wrong with it.
 */

/** Base class: something in the configuration is wrong; the message says what and where. */
export class ConfigError extends Error {
  override readonly name: string = "ConfigError";
}

/** One problem found in a configuration file. */
export interface ConfigProblem {
  /** The key the problem is about, when there is one. */
  key?: string;
  /** 1-based position in the file, for syntax errors. */
  line?: number;
  column?: number;
  message: string;
}

/**
 * The configuration file cannot be used: not found, not JSON, not an object, or keys that are
 * refused. `problems` lists every problem found (the message lists them too).
 */
export class ConfigFileError extends ConfigError {
  override readonly name: string = "ConfigFileError";
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => p.message);
    super(
      lines.length === 1
        ? `config file ${file}: ${lines[0]}`
        : `config file ${file}: ${lines.length} problems:\n${lines.map((l) => `  - ${l}`).join("\n")}`,
    );
    this.file = file;
    this.problems = problems;
  }
}

/** Why a keystore could not be decrypted (or written). */
export type KeystoreErrorReason =
  | "json"
  | "version"
  | "kdf"
  | "cipher"
  | "field"
  | "password"
  | "address"
  | "key";

/** A keystore is malformed, unsupported, or the password is wrong. */
export class KeystoreError extends ConfigError {
  override readonly name: string = "KeystoreError";
  readonly reason: KeystoreErrorReason;

  constructor(reason: KeystoreErrorReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** A signing key cannot be read: missing, both sources set, malformed, unreadable keystore. */
export class SigningKeyError extends ConfigError {
  override readonly name: string = "SigningKeyError";
}

/** A well-known Hardhat/Anvil dev key was offered for a chain other than the local one. */
export class DevKeyRefusedError extends SigningKeyError {
  override readonly name: string = "DevKeyRefusedError";
  readonly chainId: number;
  /** The dev account's (public) address. */
  readonly address: string;

  constructor(chainId: number, address: string, message: string) {
    super(message);
    this.chainId = chainId;
    this.address = address;
  }
}
