import { AdminService } from "../admin/admin.service";
import { AuditRepository } from "../audit/audit.repository";
import { PasswordHasher } from "../auth/password-hasher";
import { type AppConfig, loadConfig } from "../config/config";
import { type DatabaseHandle, openDatabase } from "../db/database";
import { UsersRepository } from "../users/users.repository";

/** What a command works with: the server's configuration and its database. */
export interface CliSession {
  config: AppConfig;
  database: DatabaseHandle;
  users: UsersRepository;
  admin: AdminService;
  hasher: PasswordHasher;
}

/**
 * Reads the configuration the server reads (environment variables: DATA_DIR, DATABASE_URL, …),
 * opens its database (which applies pending migrations), runs `work` and closes the database
 * whatever happens.
 */
export async function withSession<T>(work: (session: CliSession) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const users = new UsersRepository(database.db);
    const audit = new AuditRepository(database.db);
    return await work({
      config,
      database,
      users,
      admin: new AdminService({ db: database.db, users, audit }),
      hasher: new PasswordHasher(config.auth.passwordIterations),
    });
  } finally {
    await database.close();
  }
}
