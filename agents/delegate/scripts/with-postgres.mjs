#!/usr/bin/env node
/**
 * Runs a command against a throwaway PostgreSQL server:
 *
 *   node scripts/with-postgres.mjs vitest run test/store.test.ts
 *
 * 1. Finds the server binaries (initdb, pg_ctl, postgres): `pg_config --bindir`, the newest
 *    /usr/lib/postgresql/<version>/bin, /usr/local/pgsql/bin, /usr/local/bin, /opt/homebrew/bin,
 *    then PATH. If none is found and we are root on Debian/Ubuntu, installs the `postgresql`
 *    package with apt-get (printing what it runs); otherwise says how to install it.
 * 2. initdb's a temporary cluster in a fresh temp directory. PostgreSQL refuses to run as root, so
 *    when we are root the cluster belongs to the `postgres` system user (or `nobody`, or a
 *    `mandate-pg` system user created for the purpose) and the server runs as that user.
 * 3. Starts it on a free port on 127.0.0.1 (TCP with a password; no fsync: it is disposable),
 *    creates a database, and runs the command with DATABASE_URL set.
 * 4. Always stops the server and deletes the directory: on success, on failure, on SIGINT/SIGTERM.
 *
 * Exits with the command's exit status. Environment: WITH_POSTGRES_BINDIR forces a bin directory;
 * WITH_POSTGRES_USER picks the user the server runs as when we are root; WITH_POSTGRES_NO_INSTALL=1
 * forbids the apt-get fallback.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TAG = "[with-postgres]";
const log = (msg) => console.error(`${TAG} ${msg}`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error("usage: node scripts/with-postgres.mjs <command> [args...]");
  process.exit(2);
}

const SERVER_BINARIES = ["initdb", "pg_ctl", "postgres"];
const hasServer = (dir) => SERVER_BINARIES.every((b) => existsSync(join(dir, b)));

function versionKey(name) {
  return name.split(".").map((n) => Number.parseInt(n, 10) || 0);
}
function newestFirst(a, b) {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  }
  return 0;
}

function candidateDirs() {
  const dirs = [];
  if (process.env.WITH_POSTGRES_BINDIR) dirs.push(process.env.WITH_POSTGRES_BINDIR);
  try {
    dirs.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: "pipe" }).trim());
  } catch {
    // no pg_config on PATH
  }
  for (const base of ["/usr/lib/postgresql", "/usr/pgsql"]) {
    try {
      for (const v of readdirSync(base).sort(newestFirst)) dirs.push(join(base, v, "bin"));
    } catch {
      // not there
    }
  }
  dirs.push("/usr/local/pgsql/bin", "/usr/local/bin", "/opt/homebrew/bin", "/usr/bin");
  for (const p of (process.env.PATH ?? "").split(":")) if (p) dirs.push(p);
  return [...new Set(dirs)];
}

function findBinDir() {
  return candidateDirs().find(hasServer) ?? null;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...opts });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) {
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
    throw new Error(
      `${cmd} ${args.join(" ")} exited with ${r.status ?? r.signal}${out ? `:\n${out}` : ""}`,
    );
  }
  return r.stdout ?? "";
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function installPostgres() {
  if (process.env.WITH_POSTGRES_NO_INSTALL === "1") {
    throw new Error("PostgreSQL server binaries not found and WITH_POSTGRES_NO_INSTALL=1");
  }
  const haveApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!isRoot || !haveApt) {
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found. Install PostgreSQL " +
        "(Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql) or set " +
        "WITH_POSTGRES_BINDIR to the directory that holds them.",
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  log("PostgreSQL server binaries not found; installing Debian's postgresql package:");
  log("$ apt-get update");
  run("apt-get", ["update", "-qq"], { env, stdio: "inherit" });
  log("$ apt-get install -y --no-install-recommends postgresql");
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql"], {
    env,
    stdio: "inherit",
  });
}

/** uid/gid to run the server as when we are root. */
function serverUser() {
  const lookup = (name) => {
    try {
      const id = (flag) => execFileSync("id", [flag, name], { encoding: "utf8", stdio: "pipe" });
      return { name, uid: Number(id("-u").trim()), gid: Number(id("-g").trim()) };
    } catch {
      return null;
    }
  };
  const forced = process.env.WITH_POSTGRES_USER;
  if (forced) {
    const u = lookup(forced);
    if (!u) throw new Error(`WITH_POSTGRES_USER=${forced}: no such user`);
    return u;
  }
  for (const name of ["postgres", "nobody"]) {
    const u = lookup(name);
    if (u) return u;
  }
  log("no postgres or nobody user; creating system user mandate-pg");
  run("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "mandate-pg"]);
  const u = lookup("mandate-pg");
  if (!u) throw new Error("could not create a non-root user for PostgreSQL");
  return u;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------

let root = null; // temp directory
let dataDir = null;
let binDir = null;
let asUser = null; // { uid, gid } when we are root
let serverStarted = false;
let child = null;
let cleanedUp = false;
let interrupted = null;

function stopAndDelete() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (serverStarted && binDir && dataDir) {
    const r = spawnSync(join(binDir, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"], {
      encoding: "utf8",
      cwd: root ?? undefined,
      ...(asUser ?? {}),
    });
    if (r.status === 0) log("server stopped");
    else log(`pg_ctl stop failed (${(r.stderr || r.stdout || "").trim()}); removing anyway`);
  }
  if (root) {
    rmSync(root, { recursive: true, force: true });
    log(`removed ${root} (${elapsed()})`);
  }
}

function onSignal(signal) {
  interrupted = signal;
  if (child && child.exitCode === null) {
    log(`${signal}: stopping the command`);
    child.kill(signal);
  } else {
    log(`${signal}: cleaning up`);
    stopAndDelete();
    process.exit(128 + (signal === "SIGINT" ? 2 : 15));
  }
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
process.on("exit", stopAndDelete);

async function main() {
  binDir = findBinDir();
  if (!binDir) {
    installPostgres();
    binDir = findBinDir();
    if (!binDir)
      throw new Error("installed postgresql but still cannot find initdb/pg_ctl/postgres");
  }
  const version = run(join(binDir, "postgres"), ["--version"]).trim();
  log(`using ${version} from ${binDir}`);

  root = mkdtempSync(join(isRoot && existsSync("/tmp") ? "/tmp" : tmpdir(), "mandate-pg-"));
  dataDir = join(root, "data");
  const socketDir = join(root, "sock");
  mkdirSync(socketDir);
  const password = randomBytes(12).toString("hex");
  const pwFile = join(root, "pw");
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });

  if (isRoot) {
    const u = serverUser();
    asUser = { uid: u.uid, gid: u.gid };
    for (const p of [root, socketDir, pwFile]) chownSync(p, u.uid, u.gid);
    log(`running as root: the cluster runs as user ${u.name} (uid ${u.uid})`);
  }
  const asServer = {
    cwd: root,
    ...(asUser ?? {}),
    env: { ...process.env, LC_ALL: "C", LANG: "C" },
  };

  const user = "mandate";
  log(`initdb ${dataDir}`);
  run(
    join(binDir, "initdb"),
    [
      "-D",
      dataDir,
      "-U",
      user,
      `--pwfile=${pwFile}`,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
    ],
    asServer,
  );

  const port = await freePort();
  const opts = [
    `-p ${port}`,
    `-k ${socketDir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
  ].join(" ");
  log(`starting the server on 127.0.0.1:${port}`);
  serverStarted = true;
  run(
    join(binDir, "pg_ctl"),
    ["-D", dataDir, "-l", join(root, "server.log"), "-o", opts, "-w", "-t", "60", "start"],
    asServer,
  );

  const db = "mandate_test";
  const { default: pg } = await import("pg");
  const admin = new pg.Client({
    host: "127.0.0.1",
    port,
    user,
    password,
    database: "postgres",
  });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/${db}`;
  log(`DATABASE_URL=postgres://${user}:***@127.0.0.1:${port}/${db} (ready in ${elapsed()})`);
  log(`$ ${command.join(" ")}`);

  if (interrupted) return 130;
  child = spawn(command[0], command.slice(1), {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url },
  });
  const code = await new Promise((resolve) => {
    child.on("error", (e) => {
      log(`could not run ${command[0]}: ${e.message}`);
      resolve(127);
    });
    child.on("exit", (c, signal) => resolve(c ?? (signal === "SIGINT" ? 130 : 1)));
  });
  log(`command exited with ${code} (${elapsed()})`);
  return code;
}

main()
  .then((code) => {
    stopAndDelete();
    process.exit(code);
  })
  .catch((e) => {
    log(`failed: ${e.message}`);
    stopAndDelete();
    process.exit(1);
  });
