/**
 * Writes the generated files (JSON Schemas, example mandates, their hashes) from the built
 * package, or with `--check` exits 1 if any checked-in file differs. Run after a build:
 *   npm run generate:schema      (builds, then writes)
 *   npm run check:schema         (builds, then checks)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedFiles } from "../dist/artifacts.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
let stale = 0;

for (const file of generatedFiles()) {
  const target = join(root, file.path);
  let current: string | undefined;
  try {
    current = readFileSync(target, "utf8");
  } catch {
    current = undefined;
  }
  if (current === file.contents) continue;
  if (check) {
    stale++;
    console.error(`${file.path} is out of date; run npm run generate:schema`);
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
    console.log(`wrote ${file.path}`);
  }
}
if (stale > 0) process.exit(1);
