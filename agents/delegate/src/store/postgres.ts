/**
 * Server backend: PostgreSQL through node-postgres, used when DATABASE_URL is set. Several
 * processes may share one database; the compare-and-set transitions keep them from both sending.
 */
import pg from "pg";
import { StoreConnectionError, StoreInputError } from "./errors.js";
import type { SqlDriver, SqlExecutor } from "./sql.js";

/** The URL with any password replaced by "***" (safe for logs and errors). */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) u.searchParams.set(key, "***");
    }
    return u.toString();
  } catch {
    // Not parseable: mask anything between "://user:" and "@".
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@");
  }
}

/** Why a connection failed, in a few words: an errno code, a SQLSTATE-tagged message, or the message. */
function reason(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: { code?: string }[] };
  const sysCode = err.code ?? err.errors?.find((x) => x.code)?.code;
  if (sysCode && /^E[A-Z]+$/.test(sysCode)) return sysCode;
  const msg = err.message || String(e);
  return sysCode ? `${msg} (${sysCode})` : msg;
}

function scrub(text: string, password: string): string {
  return password ? text.split(password).join("***") : text;
}

export interface PostgresDriverOptions {
  url: string;
  /** Use (and create) this schema instead of `public`; lets tests and tenants share a database. */
  schema?: string;
  /** Pool size (default 4). */
  max?: number;
  connectTimeoutMs?: number;
}

export async function openPostgresDriver(opts: PostgresDriverOptions): Promise<SqlDriver> {
  let parsed: URL;
  try {
    parsed = new URL(opts.url);
  } catch {
    throw new StoreInputError(
      `DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/db): ${redactDatabaseUrl(opts.url)}`,
    );
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new StoreInputError(
      `DATABASE_URL must start with postgres:// or postgresql:// (got ${parsed.protocol}//…)`,
    );
  }
  const password = decodeURIComponent(parsed.password);
  const location = redactDatabaseUrl(opts.url);
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
    throw new StoreInputError(
      `schema must be a lowercase SQL identifier (letters, digits, _): ${opts.schema}`,
    );
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 4,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on("error", () => {});

  try {
    const client = await pool.connect();
    try {
      if (opts.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw new StoreConnectionError(
      `cannot connect to PostgreSQL at ${location}: ${scrub(reason(e), password)}`,
    );
  }

  const executor = (c: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<R>(text: string, params?: readonly unknown[]) {
      const res = await c.query(text, params ? [...params] : []);
      return res.rows as R[];
    },
    async exec(text: string) {
      await c.query(text);
    },
  });
  const base = executor(pool);

  return {
    kind: "postgres",
    location,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw new StoreConnectionError(
          `cannot connect to PostgreSQL at ${location}: ${scrub(reason(e), password)}`,
        );
      }
      let broken = false;
      try {
        await client.query("BEGIN");
        const out = await fn(executor(client));
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {
          broken = true; // the connection is gone: drop it instead of returning it to the pool
        });
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
