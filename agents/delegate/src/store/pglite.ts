/**
 * Embedded backend: PGlite (PostgreSQL compiled to WebAssembly), no server needed. A data
 * directory holds the database; "memory://" keeps it in memory (tests).
 *
 * PGlite is single-process, so the directory is guarded by a lock file: a second process opening
 * the same directory gets a StoreLockedError instead of corrupting it. A lock left by a process
 * that died (crash, SIGKILL) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { StoreConnectionError, StoreLockedError } from "./errors.js";
import type { SqlDriver, SqlExecutor } from "./sql.js";

const LOCK_FILE = "mandate-delegate.lock";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the directory lock or throws StoreLockedError; returns a release function. */
function lockDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let pid = Number.NaN;
      try {
        pid = Number(readFileSync(path, "utf8").trim());
      } catch {
        // vanished between open and read: try again
      }
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new StoreLockedError(
          `embedded database at ${dir} is in use by process ${pid}; stop it, or set ` +
            "DATABASE_URL to share a PostgreSQL database between processes",
        );
      }
      if (pid === process.pid) {
        throw new StoreLockedError(
          `embedded database at ${dir} is already open in this process; close it first`,
        );
      }
      rmSync(path, { force: true }); // stale lock from a dead process
    }
  }
  throw new StoreLockedError(`could not take the lock on ${dir}`);
}

function executor(db: PGlite | Transaction): SqlExecutor {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      const res = await db.query<R>(text, params ? [...params] : []);
      return res.rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
  };
}

export interface PgliteDriverOptions {
  /** Data directory, or "memory://" for an in-memory database. */
  dataDir: string;
  /**
   * Start a new database from this dump (`PGlite.dumpDataDir()`) instead of running initdb, e.g. a
   * migrated template: much faster for tests that open many in-memory stores.
   */
  template?: Blob | File;
}

export interface PgliteDriver extends SqlDriver {
  readonly kind: "pglite";
  /** A tarball of the data directory (usable as `template`). */
  dump(): Promise<Blob>;
}

export async function openPgliteDriver(opts: PgliteDriverOptions): Promise<PgliteDriver> {
  const memory = opts.dataDir.startsWith("memory://");
  const location = memory ? opts.dataDir : resolve(opts.dataDir);
  let release: () => void = () => {};
  if (!memory) {
    try {
      mkdirSync(location, { recursive: true });
    } catch (e) {
      throw new StoreConnectionError(
        `cannot create the embedded database directory ${location}: ${(e as Error).message}`,
      );
    }
    release = lockDir(location);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(
      memory ? opts.dataDir : location,
      opts.template ? { loadDataDir: opts.template } : {},
    );
  } catch (e) {
    release();
    throw new StoreConnectionError(
      `cannot open the embedded database at ${location}: ${(e as Error).message}`,
    );
  }
  const base = executor(db);
  return {
    kind: "pglite",
    location,
    query: base.query,
    exec: base.exec,
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    dump: () => db.dumpDataDir("none"),
    async close() {
      try {
        if (!db.closed) await db.close();
      } finally {
        release();
      }
    },
  };
}
