/**
 * `next start` checks the configuration before serving (instrumentation.ts): a bad value, from the
 * environment or the configuration file, stops it with exit code 2 and a message naming the
 * variable, and never prints a secret; a good one logs what it checked and serves pages.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, freePort } from "./system";

const webDir = fileURLToPath(new URL("..", import.meta.url));
const nextBin = join(webDir, "..", "..", "node_modules", "next", "dist", "bin", "next");
let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "mandate-web-config-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `next start` until it exits or serves `/`; returns its exit code (null: it served) and output. */
async function nextStart(
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const port = await freePort(8700, 8799);
  const child = spawn(
    process.execPath,
    [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"],
    {
      cwd: webDir,
      env: { ...process.env, MANDATE_CONFIG: "", NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout?.on("data", (c) => {
    out += c.toString();
  });
  child.stderr?.on("data", (c) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (child.exitCode !== null) return { code: child.exitCode, out };
    const served = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.status,
      () => 0,
    );
    if (served === 200) {
      child.kill("SIGTERM");
      await exited;
      return { code: null, out };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGKILL");
  throw new Error(`next start neither exited nor served within 60 s:\n${out}`);
}

describe("next start checks its configuration first", () => {
  it("exits 2 naming a bad variable from the environment", async () => {
    const r = await nextStart({ MANDATE_CHAIN_ID: "abc" });
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      '[mandate-web] configuration error: MANDATE_CHAIN_ID must be a positive integer, got "abc"',
    );
  });

  it("exits 2 naming a secret put in the configuration file, without printing it", async () => {
    const file = join(dir, "with-secret.json");
    const secret = "sk-this-must-never-be-printed-0123456789";
    writeFileSync(file, JSON.stringify({ MANDATE_CHAIN_ID: 31337, OPENAI_API_KEY: secret }));
    const r = await nextStart({ MANDATE_CONFIG: file });
    expect(r.code).toBe(2);
    expect(r.out).toContain("OPENAI_API_KEY");
    expect(r.out).toContain(file);
    expect(r.out).not.toContain(secret);
  });

  it("serves with a good configuration file and says which file it checked", async () => {
    const file = join(dir, "good.json");
    writeFileSync(file, JSON.stringify({ MANDATE_CHAIN_ID: 31337 }));
    const r = await nextStart({ MANDATE_CONFIG: file });
    expect(r.code).toBeNull();
    expect(r.out).toContain(`[mandate-web] configuration checked: chain 31337, file ${file}`);
  });
});
