import type { AppConfig } from "../config/config";

/** The database a configuration points at, without credentials. */
export function describeDatabase(database: AppConfig["database"]): string {
  if (database.kind === "pglite") return `embedded PGlite in ${database.dataDir}`;
  try {
    const url = new URL(database.url);
    return `PostgreSQL at ${url.host}${url.pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}
