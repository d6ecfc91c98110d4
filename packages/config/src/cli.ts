/**
 * What every Mandate command-line tool shares: flag parsing with the same rules and messages, and
 * running `main` only when the file is the process's entry point.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

export interface FlagSpec<F> {
  /** `--name value` or `--name=value` → `flags[key] = value`. */
  values: Readonly<Record<string, keyof F>>;
  /** `--name` → `flags[key] = true` (a value is an error). */
  booleans: Readonly<Record<string, keyof F>>;
  /** For an unknown flag: a message refusing it (e.g. a key on the command line), or null. */
  refuse?: (name: string) => string | null;
}

/**
 * Parses `argv` (without node and the script). Unknown flags, a value given to a boolean flag and
 * a missing value are errors, built with `fail` so each tool keeps its own error type.
 */
export function parseFlags<F>(
  argv: readonly string[],
  spec: FlagSpec<F>,
  fail: (message: string) => Error,
): F {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? "";
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const bool = spec.booleans[name];
    if (bool) {
      if (eq > 0) throw fail(`${name} takes no value`);
      flags[bool as string] = true;
      continue;
    }
    const key = spec.values[name];
    if (!key) {
      const refusal = spec.refuse?.(name) ?? null;
      throw fail(refusal ?? `unknown argument "${raw}" (see --help)`);
    }
    const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) {
      throw fail(`${name} needs a value`);
    }
    flags[key as string] = value;
  }
  return flags as F;
}

/** True when the module at `moduleUrl` (its `import.meta.url`) is the script node was started with. */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

/**
 * Runs `main(process.argv.slice(2))` when the module is the entry point and sets the exit code
 * from it. An error `main` did not handle prints one line, `<name>: <unexpected><message>`: no
 * stack, no environment.
 */
export function runIfEntryPoint(
  moduleUrl: string,
  name: string,
  main: (argv: string[]) => Promise<number>,
  { unexpected = "" }: { unexpected?: string } = {},
): void {
  if (!isEntryPoint(moduleUrl)) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`${name}: ${unexpected}${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
