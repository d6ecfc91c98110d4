/**
 * The optional configuration file: a JSON object whose keys are the environment variables the
 * services document (MANDATE_RPC_URL, MANDATE_CHAIN_ID, DATABASE_URL, MANDATE_ENGINE,
 * OPENAI_BASE_URL, ...). The process environment wins over the file. Secrets are refused in the
 * file: they go in the environment or a keystore file, not in a file that may be committed.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigFileError, type ConfigProblem } from "./errors.js";
import { JsonSyntaxError, parseJson } from "./json.js";
import { maskUrl, urlHasPassword } from "./redact.js";

/** Looked for in the working directory when neither `path` nor MANDATE_CONFIG names a file. */
export const CONFIG_FILE_NAME = "mandate.config.json";
/** The environment variable that names the configuration file. */
export const CONFIG_FILE_VARIABLE = "MANDATE_CONFIG";

/** Variables that always hold a secret. */
const SECRET_VARIABLES = new Set(["MANDATE_OPERATOR_KEY", "MANDATE_TRADER_KEY", "OPENAI_API_KEY"]);

const SECRETS_GO_ELSEWHERE =
  "secrets go in the environment or a keystore file, not in a config file that may be committed";

/**
 * Whether a variable holds a secret and is therefore refused in a configuration file: the agents'
 * keys, OPENAI_API_KEY, and any name ending in `_KEY`, `PASSWORD` (`*_PASSWORD`, PGPASSWORD),
 * `_SECRET` or `_TOKEN` (`*_KEYSTORE` and `*_PASSWORD_FILE`, which name files, are fine).
 */
export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLES.has(name) || /(_KEY|PASSWORD|_SECRET|_TOKEN)$/.test(name);
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** The known name closest to `name`, when it is close enough to be a likely typo. */
export function closestName(name: string, known: readonly string[]): string | null {
  const upper = name.toUpperCase();
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(upper, k.toUpperCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  if (best === null) return null;
  if (bestDistance <= Math.max(2, Math.floor(name.length / 3))) return best;
  // A missing prefix ("RPC_URL" for "MANDATE_RPC_URL").
  const suffixed = known.filter((k) => upper.length >= 4 && k.toUpperCase().endsWith(`_${upper}`));
  return suffixed.length === 1 ? (suffixed[0] as string) : null;
}

export interface LoadConfigFileOptions {
  /** The process environment; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The file; default MANDATE_CONFIG from `env`, else mandate.config.json in `cwd` if present. */
  path?: string;
  /** Base for relative paths; default process.cwd(). */
  cwd?: string;
  /** The variables the service documents: any other key in the file is an error. */
  known?: readonly string[];
}

export interface LoadedConfig {
  /** The effective environment: the file's values, overridden by the process environment. */
  env: Record<string, string>;
  /** Absolute path of the file read, or null when there is none. */
  file: string | null;
  /** The variables whose effective value comes from the file (not overridden). */
  fromFile: string[];
}

function locate(
  options: LoadConfigFileOptions,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): { file: string; namedBy: string } | null {
  if (options.path) return { file: resolve(cwd, options.path), namedBy: "the path option" };
  const fromEnv = env[CONFIG_FILE_VARIABLE];
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    return { file: resolve(cwd, fromEnv), namedBy: CONFIG_FILE_VARIABLE };
  }
  const fallback = resolve(cwd, CONFIG_FILE_NAME);
  return existsSync(fallback) ? { file: fallback, namedBy: "default" } : null;
}

function readConfigText(file: string, namedBy: string): string {
  const named = namedBy === "default" ? "" : ` (named by ${namedBy})`;
  try {
    if (statSync(file).isDirectory()) {
      throw new ConfigFileError(file, [{ message: `is a directory${named}` }]);
    }
    return readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof ConfigFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "not found"
        : code === "EACCES"
          ? "permission denied"
          : (code ?? (e instanceof Error ? e.message : String(e)));
    throw new ConfigFileError(file, [{ message: `cannot read it: ${why}${named}` }]);
  }
}

function valueKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function checkEntry(
  key: string,
  value: unknown,
  known: readonly string[] | undefined,
): { value: string } | { problem: string } {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) {
    const hint = known ? closestName(key, known) : null;
    return {
      problem: `key ${JSON.stringify(key.length > 60 ? `${key.slice(0, 57)}...` : key)} is not an environment variable name (upper-case letters, digits and _)${hint ? `; did you mean ${hint}?` : ""}`,
    };
  }
  if (key === CONFIG_FILE_VARIABLE) {
    return { problem: `${key} names the config file itself; set it in the environment` };
  }
  if (isSecretVariable(key)) {
    const keystore = /^MANDATE_[A-Z0-9_]+_KEY$/.test(key)
      ? `, or point ${key}STORE at a keystore file`
      : "";
    return {
      problem: `${key} is a secret and is refused in a config file: ${SECRETS_GO_ELSEWHERE} (set ${key} in the environment${keystore})`,
    };
  }
  if (known && !known.includes(key)) {
    const hint = closestName(key, known);
    return { problem: `unknown key ${key}${hint ? ` (did you mean ${hint}?)` : ""}` };
  }
  if (typeof value === "string") {
    if (key.endsWith("_URL") && urlHasPassword(value)) {
      return {
        problem: `${key} contains a password (${maskUrl(value)}) and is refused in a config file: ${SECRETS_GO_ELSEWHERE} (set ${key} in the environment, or leave the password out of the URL${key === "DATABASE_URL" ? " and set PGPASSWORD in the environment" : ""})`,
      };
    }
    return { value };
  }
  if (typeof value === "boolean") return { value: String(value) };
  if (typeof value === "number") {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      return { problem: `${key} is a number too large to be read exactly; write it as a string` };
    }
    return { value: String(value) };
  }
  return { problem: `${key} must be a string, a number or a boolean, not ${valueKind(value)}` };
}

/**
 * Reads the configuration file (when there is one) and merges it under the process
 * environment. The file is `options.path`, else the file named by MANDATE_CONFIG, else
 * mandate.config.json in `cwd` if it exists; relative paths are resolved against `cwd`.
 * Numbers and booleans in the file become strings. A variable set in the environment (to a
 * non-empty value) wins over the file.
 *
 * Throws {@link ConfigFileError} naming the file and every problem: not found, not JSON (with
 * line and column), not an object, a value that is not a string/number/boolean, a key that is
 * not in `known` (with the closest known name), a secret (see {@link isSecretVariable}), a URL
 * with a password. No message contains a value from the file.
 */
export function loadConfigFile(options: LoadConfigFileOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const located = locate(options, env, cwd);

  const fileValues = new Map<string, string>();
  if (located) {
    const { file, namedBy } = located;
    const text = readConfigText(file, namedBy);
    let parsed: ReturnType<typeof parseJson>;
    try {
      parsed = parseJson(text);
    } catch (e) {
      if (e instanceof JsonSyntaxError) {
        throw new ConfigFileError(file, [{ message: e.message, line: e.line, column: e.column }]);
      }
      throw e;
    }
    const root = parsed.value;
    if (typeof root !== "object" || root === null || Array.isArray(root)) {
      throw new ConfigFileError(file, [
        {
          message: `must be a JSON object of environment variable names to values, not ${valueKind(root)}`,
        },
      ]);
    }
    const problems: ConfigProblem[] = [];
    for (const d of parsed.duplicateKeys) {
      problems.push({
        key: d.key,
        line: d.line,
        column: d.column,
        message: `${JSON.stringify(d.key)} appears more than once (again at line ${d.line}); keep one`,
      });
    }
    for (const [key, value] of Object.entries(root)) {
      const checked = checkEntry(key, value, options.known);
      if ("problem" in checked) problems.push({ key, message: checked.problem });
      else fileValues.set(key, checked.value);
    }
    if (problems.length > 0) throw new ConfigFileError(file, problems);
  }

  const merged: Record<string, string> = {};
  const fromFile: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) merged[key] = value;
  }
  for (const [key, value] of fileValues) {
    const current = env[key];
    if (current === undefined || current.trim() === "") {
      merged[key] = value;
      fromFile.push(key);
    }
  }
  return { env: merged, file: located?.file ?? null, fromFile };
}
