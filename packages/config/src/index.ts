/**
 * @mandate/config: one documented configuration for Mandate's services (the environment plus an
 * optional JSON file, validated at start), signing keys from the environment or an Ethereum V3
 * keystore (never logged; the well-known dev keys refused off the local chain), and helpers that
 * keep secrets out of logs. The long-running agents' health and metrics endpoints, JSON logs and
 * stop signals are a separate entry point, `@mandate/config/ops` (src/ops.ts).
 */

export { type FlagSpec, isEntryPoint, parseFlags, runIfEntryPoint } from "./cli.js";
export {
  ConfigError,
  ConfigFileError,
  type ConfigProblem,
  DevKeyRefusedError,
  KeystoreError,
  type KeystoreErrorReason,
  SigningKeyError,
} from "./errors.js";
export {
  CONFIG_FILE_NAME,
  CONFIG_FILE_VARIABLE,
  closestName,
  isSecretVariable,
  type LoadConfigFileOptions,
  type LoadedConfig,
  loadConfigFile,
} from "./file.js";
export { JsonSyntaxError } from "./json.js";
export {
  DEV_ACCOUNT_COUNT,
  DEV_MNEMONIC,
  devAccountIndex,
  type Env,
  isDevAddress,
  LOCAL_CHAIN_ID,
  type SigningKey,
  type SigningKeyOptions,
  signingKeyFromEnv,
} from "./keys.js";
export {
  checkPrivateKey,
  DEFAULT_PBKDF2_C,
  DEFAULT_SCRYPT_N,
  DEFAULT_SCRYPT_P,
  DEFAULT_SCRYPT_R,
  decryptKeystore,
  type EncryptKeystoreOptions,
  encryptKeystore,
  type KeystoreV3,
  keystoreAddress,
  MAX_SCRYPT_N,
  type Pbkdf2KdfParams,
  type ScryptKdfParams,
} from "./keystore.js";
export { maskUrl, redact, urlHasPassword } from "./redact.js";
export {
  MANDATE_VARIABLE_NAMES,
  MANDATE_VARIABLES,
  type Service,
  type VariableDoc,
} from "./variables.js";
