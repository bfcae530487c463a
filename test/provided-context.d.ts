// Values that the global setups in test/ provide to tests through vitest's `inject()`. Workspace
// tsconfigs include this file so `inject("tinyModelPath")` is typed as a string everywhere.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Absolute path of the generated tiny q8_0 test model (seed 1). */
    tinyModelPath: string;
    /** Absolute path of a larger generated model that streams slowly enough to press Stop. */
    streamingModelPath: string;
    /**
     * A tar file of a migrated PGlite data folder (test/pglite-snapshot-setup.ts), for
     * `createTestDatabase()`; absent in projects without that setup.
     */
    pgliteSnapshotFile?: string;
    /**
     * The throwaway PostgreSQL server of the `unit-postgres` project (test/postgres-global-setup.ts):
     * its superuser URL and a migrated template database; absent in every other project.
     */
    testPostgres?: { adminUrl: string; templateDatabase: string };
  }
}
