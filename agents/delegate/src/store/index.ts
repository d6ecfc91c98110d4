/**
 * Opening the decision store: PostgreSQL when a database URL is given (DATABASE_URL), otherwise
 * the embedded PGlite database in a data directory (default `.mandate/delegate-db` under the
 * working directory).
 */
import { join, resolve } from "node:path";
import { openPgliteDriver } from "./pglite.js";
import { openPostgresDriver } from "./postgres.js";
import { SqlDecisionStore, type SqlDriver } from "./sql.js";
import { SqlTraderStore, type TraderStore } from "./trader.js";
import type { DecisionStore } from "./types.js";

export * from "./errors.js";
export { MIGRATIONS, type Migration, SCHEMA_VERSION } from "./migrations.js";
export { redactDatabaseUrl } from "./postgres.js";
export {
  canonicalJson,
  SqlDecisionStore,
  type SqlDriver,
  type SqlExecutor,
  summaryHash,
} from "./sql.js";
export * from "./trader.js";
export * from "./types.js";

/** Relative to the working directory. */
export const DEFAULT_DATA_DIR = join(".mandate", "delegate-db");

export interface OpenStoreOptions {
  /** postgres:// URL; when set, PostgreSQL is used and `dataDir` is ignored. */
  databaseUrl?: string | undefined;
  /** PGlite data directory or "memory://"; default `.mandate/delegate-db` under `cwd`. */
  dataDir?: string | undefined;
  /** Base for a relative `dataDir` (default process.cwd()). */
  cwd?: string | undefined;
  /** PostgreSQL only: schema to use (created if missing). Default: the server's search_path. */
  schema?: string | undefined;
  /** Apply migrations on open (default true). */
  migrate?: boolean | undefined;
}

/** Store options from the environment: DATABASE_URL, MANDATE_DB_DIR. */
export function storeOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): OpenStoreOptions {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const dataDir = env.MANDATE_DB_DIR?.trim() || undefined;
  return { databaseUrl, dataDir };
}

function openDriver(opts: OpenStoreOptions, defaultDir: string): Promise<SqlDriver> {
  return opts.databaseUrl
    ? openPostgresDriver({
        url: opts.databaseUrl,
        ...(opts.schema ? { schema: opts.schema } : {}),
      })
    : openPgliteDriver({
        dataDir:
          opts.dataDir?.startsWith("memory://") === true
            ? opts.dataDir
            : resolve(opts.cwd ?? process.cwd(), opts.dataDir ?? defaultDir),
      });
}

export async function openDecisionStore(opts: OpenStoreOptions = {}): Promise<DecisionStore> {
  const driver = await openDriver(opts, DEFAULT_DATA_DIR);
  const store = new SqlDecisionStore(driver);
  if (opts.migrate !== false) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close().catch(() => {});
      throw e;
    }
  }
  return store;
}

/** The AI trader's default embedded database directory, relative to the working directory. */
export const DEFAULT_TRADER_DATA_DIR = join(".mandate", "trader-db");

/**
 * Opens the decision store for the AI trader: the same backends and options as
 * `openDecisionStore` (PostgreSQL when `databaseUrl` is set, else PGlite, default directory
 * `.mandate/trader-db`), migrated to the delegate's schema plus the trader's tables.
 */
export async function openTraderStore(opts: OpenStoreOptions = {}): Promise<TraderStore> {
  const driver = await openDriver(opts, DEFAULT_TRADER_DATA_DIR);
  const store = new SqlTraderStore(driver);
  if (opts.migrate !== false) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close().catch(() => {});
      throw e;
    }
  }
  return store;
}
