/**
 * Opening the decision store: PostgreSQL when a database URL is given (DATABASE_URL), otherwise
 * the embedded PGlite database in a data directory (default `.mandate/delegate-db` under the
 * working directory).
 */
import { join, resolve } from "node:path";
import { openPgliteDriver } from "./pglite.js";
import { openPostgresDriver } from "./postgres.js";
import { SqlDecisionStore } from "./sql.js";
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

export async function openDecisionStore(opts: OpenStoreOptions = {}): Promise<DecisionStore> {
  const driver = opts.databaseUrl
    ? await openPostgresDriver({
        url: opts.databaseUrl,
        ...(opts.schema ? { schema: opts.schema } : {}),
      })
    : await openPgliteDriver({
        dataDir:
          opts.dataDir?.startsWith("memory://") === true
            ? opts.dataDir
            : resolve(opts.cwd ?? process.cwd(), opts.dataDir ?? DEFAULT_DATA_DIR),
      });
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
