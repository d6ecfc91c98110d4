// `npm start`: brings the local system up. Today that is the local chain with the market
// contracts deployed and seeded (contracts/scripts/chain.ts); the indexer, agents and web app
// join it as they land. Ctrl-C stops everything.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const child = spawn("npm", ["run", "chain", "-w", "@mandate/contracts"], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
