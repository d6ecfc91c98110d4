import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CONFIG_FILE_NAME,
  ConfigFileError,
  closestName,
  isSecretVariable,
  JsonSyntaxError,
  loadConfigFile,
} from "../src/index.js";
import { parseJson } from "../src/json.js";

const KNOWN = [
  "MANDATE_RPC_URL",
  "MANDATE_CHAIN_ID",
  "DATABASE_URL",
  "MANDATE_ENGINE",
  "OPENAI_BASE_URL",
  "OPENAI_MODEL",
  "MANDATE_REGISTRY_ADDRESS",
  "MANDATE_GOVERNOR_ADDRESS",
  "MANDATE_OPERATOR_KEYSTORE",
  "MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE",
  "MANDATE_DRY_RUN",
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mandate-config-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs loadConfigFile and returns the ConfigFileError it throws. */
function fileError(text: string, known?: readonly string[]): ConfigFileError {
  write(CONFIG_FILE_NAME, text);
  try {
    loadConfigFile({ env: {}, cwd: dir, known });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigFileError);
    return e as ConfigFileError;
  }
  throw new Error("expected a ConfigFileError");
}

describe("loadConfigFile: where the file is", () => {
  it("without a file returns the environment unchanged", () => {
    const result = loadConfigFile({ env: { A: "1", B: undefined }, cwd: dir });
    expect(result).toEqual({ env: { A: "1" }, file: null, fromFile: [] });
  });

  it("reads mandate.config.json from cwd and turns numbers and booleans into strings", () => {
    const path = write(
      CONFIG_FILE_NAME,
      JSON.stringify({
        MANDATE_RPC_URL: "https://rpc.example",
        MANDATE_CHAIN_ID: 11155111,
        MANDATE_DRY_RUN: true,
      }),
    );
    const result = loadConfigFile({ env: {}, cwd: dir, known: KNOWN });
    expect(result.file).toBe(path);
    expect(result.env).toEqual({
      MANDATE_RPC_URL: "https://rpc.example",
      MANDATE_CHAIN_ID: "11155111",
      MANDATE_DRY_RUN: "true",
    });
    expect(result.fromFile.sort()).toEqual([
      "MANDATE_CHAIN_ID",
      "MANDATE_DRY_RUN",
      "MANDATE_RPC_URL",
    ]);
  });

  it("uses MANDATE_CONFIG (relative to cwd), and options.path over it", () => {
    mkdirSync(join(dir, "conf"));
    write("conf/a.json", '{"MANDATE_ENGINE": "offline"}');
    write("b.json", '{"MANDATE_ENGINE": "openai"}');
    write(CONFIG_FILE_NAME, '{"MANDATE_ENGINE": "default"}');
    const viaEnv = loadConfigFile({ env: { MANDATE_CONFIG: "conf/a.json" }, cwd: dir });
    expect(viaEnv.file).toBe(join(dir, "conf", "a.json"));
    expect(viaEnv.env.MANDATE_ENGINE).toBe("offline");
    const viaOption = loadConfigFile({
      env: { MANDATE_CONFIG: "conf/a.json" },
      cwd: dir,
      path: "b.json",
    });
    expect(viaOption.file).toBe(join(dir, "b.json"));
    expect(viaOption.env.MANDATE_ENGINE).toBe("openai");
  });

  it("a file named by MANDATE_CONFIG must exist", () => {
    expect(() => loadConfigFile({ env: { MANDATE_CONFIG: "nope.json" }, cwd: dir })).toThrow(
      `config file ${join(dir, "nope.json")}: cannot read it: not found (named by MANDATE_CONFIG)`,
    );
  });

  it("a file named by options.path must exist, and not be a directory", () => {
    expect(() => loadConfigFile({ env: {}, cwd: dir, path: "missing.json" })).toThrow(
      "cannot read it: not found (named by the path option)",
    );
    mkdirSync(join(dir, "d"));
    expect(() => loadConfigFile({ env: {}, cwd: dir, path: "d" })).toThrow(
      `config file ${join(dir, "d")}: is a directory`,
    );
  });
});

describe("loadConfigFile: precedence", () => {
  it("the process environment wins over the file; empty variables count as unset", () => {
    write(
      CONFIG_FILE_NAME,
      JSON.stringify({
        MANDATE_RPC_URL: "http://file:8545",
        MANDATE_CHAIN_ID: 1,
        OPENAI_MODEL: "file-model",
      }),
    );
    const result = loadConfigFile({
      env: { MANDATE_RPC_URL: "http://env:8545", OPENAI_MODEL: "", OTHER: "x" },
      cwd: dir,
    });
    expect(result.env).toEqual({
      MANDATE_RPC_URL: "http://env:8545",
      MANDATE_CHAIN_ID: "1",
      OPENAI_MODEL: "file-model",
      OTHER: "x",
    });
    expect(result.fromFile.sort()).toEqual(["MANDATE_CHAIN_ID", "OPENAI_MODEL"]);
  });

  it("defaults to process.env and process.cwd()", () => {
    const result = loadConfigFile({ path: write("p.json", '{"MANDATE_PROBE_X": "1"}') });
    expect(result.env.MANDATE_PROBE_X).toBe("1");
    expect(result.env.PATH).toBe(process.env.PATH);
  });
});

describe("loadConfigFile: the file's shape", () => {
  it("not JSON: line and column, without quoting the text", () => {
    const e = fileError('{\n  "MANDATE_RPC_URL": https://secret-host.example\n}');
    expect(e.message).toBe(
      `config file ${join(dir, CONFIG_FILE_NAME)}: not valid JSON at line 2, column 22: unexpected unquoted text (strings need double quotes), expected a value`,
    );
    expect(e.message).not.toContain("secret-host");
    expect(e.problems[0]).toMatchObject({ line: 2, column: 22 });
  });

  it("not JSON: a trailing comma, a comment, an unclosed string, an empty file", () => {
    expect(fileError('{"MANDATE_ENGINE": "offline",\n}').message).toContain(
      'line 2, column 1: unexpected "}" after a comma (trailing commas are not JSON)',
    );
    expect(fileError('{ // rpc\n"A": "1"}').message).toContain(
      "line 1, column 3: comments are not allowed in JSON",
    );
    expect(fileError('{"A": "unclosed\n}').message).toContain(
      "line 1, column 16: a line break or control character inside a string",
    );
    expect(fileError("  \n").message).toContain("the file is empty, expected a JSON object");
    expect(fileError("{'A': 1}").message).toContain("single quotes are not JSON");
    expect(fileError('{"A": 1} x').message).toContain("more text after the end of the JSON value");
  });

  it("not an object", () => {
    expect(fileError('["MANDATE_RPC_URL"]').message).toMatch(
      /: must be a JSON object of environment variable names to values, not an array$/,
    );
    expect(fileError('"x"').message).toMatch(/not a string$/);
    expect(fileError("null").message).toMatch(/not null$/);
  });

  it("values must be strings, numbers or booleans", () => {
    const e = fileError(
      JSON.stringify({
        MANDATE_RPC_URL: ["http://a", "http://b"],
        MANDATE_ENGINE: { kind: "offline" },
        OPENAI_MODEL: null,
      }),
    );
    expect(e.message).toContain("3 problems");
    expect(e.message).toContain(
      "MANDATE_RPC_URL must be a string, a number or a boolean, not an array",
    );
    expect(e.message).toContain(
      "MANDATE_ENGINE must be a string, a number or a boolean, not an object",
    );
    expect(e.message).toContain("OPENAI_MODEL must be a string, a number or a boolean, not null");
    expect(e.problems.map((p) => p.key)).toEqual([
      "MANDATE_RPC_URL",
      "MANDATE_ENGINE",
      "OPENAI_MODEL",
    ]);
  });

  it("a number too large to be exact must be written as a string", () => {
    expect(fileError('{"MANDATE_FROM_BLOCK": 123456789012345678901}').message).toContain(
      "MANDATE_FROM_BLOCK is a number too large to be read exactly; write it as a string",
    );
  });

  it("keys are environment variable names", () => {
    expect(fileError('{"mandate_rpc_url": "x"}', KNOWN).message).toContain(
      'key "mandate_rpc_url" is not an environment variable name (upper-case letters, digits and _); did you mean MANDATE_RPC_URL?',
    );
    expect(fileError('{"__proto__": "x"}').message).toContain(
      'key "__proto__" is not an environment variable name',
    );
  });

  it("duplicate keys are reported", () => {
    expect(fileError('{"MANDATE_ENGINE": "a",\n "MANDATE_ENGINE": "b"}').message).toContain(
      '"MANDATE_ENGINE" appears more than once (again at line 2); keep one',
    );
  });

  it("MANDATE_CONFIG cannot be set from the file it names", () => {
    expect(fileError('{"MANDATE_CONFIG": "other.json"}').message).toContain(
      "MANDATE_CONFIG names the config file itself; set it in the environment",
    );
  });
});

describe("loadConfigFile: unknown keys", () => {
  it("names the key and suggests the closest known name", () => {
    expect(fileError('{"MANDATE_RPC_ULR": "x"}', KNOWN).message).toBe(
      `config file ${join(dir, CONFIG_FILE_NAME)}: unknown key MANDATE_RPC_ULR (did you mean MANDATE_RPC_URL?)`,
    );
    expect(fileError('{"RPC_URL": "x"}', KNOWN).message).toContain(
      "unknown key RPC_URL (did you mean MANDATE_RPC_URL?)",
    );
    expect(fileError('{"SOMETHING_ELSE": "x"}', KNOWN).message).toMatch(
      /unknown key SOMETHING_ELSE$/,
    );
  });

  it("without `known`, any variable name is accepted", () => {
    write(CONFIG_FILE_NAME, '{"SOMETHING_ELSE": "x"}');
    expect(loadConfigFile({ env: {}, cwd: dir }).env.SOMETHING_ELSE).toBe("x");
  });
});

describe("loadConfigFile: secrets are refused", () => {
  const SECRET = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
  const cases: [string, string][] = [
    ["MANDATE_OPERATOR_KEY", SECRET],
    ["MANDATE_TRADER_KEY", SECRET],
    ["OPENAI_API_KEY", "sk-proj-abcdefghijklmnop"],
    ["MANDATE_OPERATOR_KEYSTORE_PASSWORD", "hunter2-correct-horse"],
    ["PGPASSWORD", "hunter2-correct-horse"],
    ["SOME_SERVICE_KEY", "ssk-verysecretvalue"],
    ["WEBHOOK_SECRET", "whsec-verysecretvalue"],
    ["GITHUB_TOKEN", "ghp_verysecretvalue"],
  ];
  for (const [key, value] of cases) {
    it(`${key} is refused without showing its value`, () => {
      // Refused whether or not `known` lists it, and before the unknown-key check.
      for (const known of [undefined, KNOWN, [...KNOWN, key]]) {
        const e = fileError(JSON.stringify({ [key]: value }), known);
        expect(e.message).toContain(
          `${key} is a secret and is refused in a config file: secrets go in the environment or a keystore file, not in a config file that may be committed`,
        );
        expect(e.message).not.toContain(value);
        expect(e.message).not.toContain(value.slice(2));
        expect(JSON.stringify(e.problems)).not.toContain(value);
      }
    });
  }

  it("points the agents' keys at a keystore", () => {
    expect(fileError(JSON.stringify({ MANDATE_OPERATOR_KEY: SECRET })).message).toContain(
      "(set MANDATE_OPERATOR_KEY in the environment, or point MANDATE_OPERATOR_KEYSTORE at a keystore file)",
    );
  });

  it("a DATABASE_URL with a password is refused, masked", () => {
    const e = fileError(
      JSON.stringify({ DATABASE_URL: "postgres://mandate:s3cr3t-pw@db.internal:5432/mandate" }),
    );
    expect(e.message).toContain(
      "DATABASE_URL contains a password (postgres://mandate:***@db.internal:5432/mandate) and is refused in a config file: secrets go in the environment or a keystore file",
    );
    expect(e.message).toContain("set PGPASSWORD in the environment");
    expect(e.message).not.toContain("s3cr3t-pw");
    const q = fileError(
      JSON.stringify({ DATABASE_URL: "postgres://db/mandate?password=s3cr3t-pw" }),
    );
    expect(q.message).toContain("DATABASE_URL contains a password");
    expect(q.message).not.toContain("s3cr3t-pw");
    // Any *_URL with a password is a secret too.
    const rpc = fileError(
      JSON.stringify({ MANDATE_RPC_URL: "https://user:rpc-pass@node.example" }),
    );
    expect(rpc.message).toContain("MANDATE_RPC_URL contains a password");
    expect(rpc.message).not.toContain("rpc-pass");
  });

  it("accepts keystore paths, password files and URLs without passwords", () => {
    write(
      CONFIG_FILE_NAME,
      JSON.stringify({
        MANDATE_OPERATOR_KEYSTORE: "/etc/mandate/operator.json",
        MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE: "/run/secrets/operator-password",
        DATABASE_URL: "postgres://mandate@db.internal:5432/mandate",
      }),
    );
    const { env } = loadConfigFile({ env: {}, cwd: dir, known: KNOWN });
    expect(env.MANDATE_OPERATOR_KEYSTORE).toBe("/etc/mandate/operator.json");
    expect(env.DATABASE_URL).toBe("postgres://mandate@db.internal:5432/mandate");
  });

  it("lists every problem of the file at once", () => {
    const e = fileError(
      JSON.stringify({ MANDATE_OPERATOR_KEY: SECRET, MANDATE_RPC_ULR: "x", OPENAI_MODEL: [1] }),
      KNOWN,
    );
    expect(e.message).toMatch(
      /^config file .*: 3 problems:\n {2}- MANDATE_OPERATOR_KEY is a secret/,
    );
    expect(e.problems).toHaveLength(3);
    expect(e.message).not.toContain(SECRET.slice(2));
  });
});

describe("helpers", () => {
  it("isSecretVariable", () => {
    for (const name of [
      "MANDATE_OPERATOR_KEY",
      "OPENAI_API_KEY",
      "X_PASSWORD",
      "A_SECRET",
      "A_TOKEN",
    ]) {
      expect(isSecretVariable(name)).toBe(true);
    }
    for (const name of [
      "MANDATE_OPERATOR_KEYSTORE",
      "MANDATE_OPERATOR_KEYSTORE_PASSWORD_FILE",
      "DATABASE_URL",
      "MANDATE_KEYS",
    ]) {
      expect(isSecretVariable(name)).toBe(false);
    }
  });

  it("closestName", () => {
    expect(closestName("OPENAI_MODLE", KNOWN)).toBe("OPENAI_MODEL");
    expect(closestName("openai_model", KNOWN)).toBe("OPENAI_MODEL");
    expect(closestName("CHAIN_ID", KNOWN)).toBe("MANDATE_CHAIN_ID");
    expect(closestName("COMPLETELY_DIFFERENT", KNOWN)).toBeNull();
    expect(closestName("X", [])).toBeNull();
  });

  it("parseJson reports positions and parses what JSON.parse parses", () => {
    const text = '\uFEFF{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {"c": {}}}';
    expect(parseJson(text).value).toEqual(JSON.parse(text.slice(1)));
    expect(() => parseJson('{"a": 01}')).toThrow(JsonSyntaxError);
    expect(() => parseJson('{"a": "\\x"}')).toThrow("invalid escape sequence");
    expect(() => parseJson('{"a" 1}')).toThrow("line 1, column 6: unexpected unquoted text");
    expect(() => parseJson('{"a": 1')).toThrow('unexpected end of file, expected "," or "}"');
    expect(() => parseJson("[1 2]")).toThrow('expected "," or "]"');
  });
});
