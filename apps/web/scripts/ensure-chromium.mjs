// Makes sure Debian's Chromium is installed at /usr/bin/chromium (the browser the end-to-end
// tests and the Lighthouse benchmark drive). On a fresh CI machine (root, Debian/Ubuntu) it runs
// `apt-get install -y chromium`; elsewhere it says what to do. Exit code 0 when the browser is
// there afterwards, 1 otherwise.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.MANDATE_CHROMIUM ?? "/usr/bin/chromium";

function say(line) {
  console.log(`[ensure-chromium] ${line}`);
}

function has(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function run(command, args) {
  say(`${command} ${args.join(" ")}`);
  const r = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return r.status === 0;
}

if (existsSync(CHROMIUM)) {
  say(`found ${CHROMIUM}`);
  process.exit(0);
}

say(`${CHROMIUM} is missing: installing Debian's chromium package.`);
if (!has("apt-get")) {
  console.error(
    `[ensure-chromium] cannot install Chromium: apt-get is not available on this machine. Install Chromium yourself and make ${CHROMIUM} point at it (or set MANDATE_CHROMIUM to its path).`,
  );
  process.exit(1);
}
const root = typeof process.getuid === "function" && process.getuid() === 0;
const sudo = !root && has("sudo") ? ["sudo", "-n"] : [];
if (!root && sudo.length === 0) {
  console.error(
    "[ensure-chromium] cannot install Chromium: apt-get needs root (run as root, or `sudo apt-get install -y chromium`).",
  );
  process.exit(1);
}
const apt = (args) =>
  sudo.length > 0 ? run(sudo[0], [...sudo.slice(1), "apt-get", ...args]) : run("apt-get", args);
if (!apt(["update"]) || !apt(["install", "-y", "--no-install-recommends", "chromium"])) {
  console.error("[ensure-chromium] apt-get could not install the chromium package (see above).");
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(
    `[ensure-chromium] the chromium package is installed but ${CHROMIUM} does not exist.`,
  );
  process.exit(1);
}
say(`installed ${CHROMIUM}`);
