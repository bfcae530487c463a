import type { FastifyBaseLogger } from "fastify";
import { AuditRepository } from "../audit/audit.repository";
import type { AppConfig } from "../config/config";
import type { Database } from "../db/database";
import { UsersRepository } from "../users/users.repository";
import { AccessTokens } from "./access-tokens";
import { PasswordHasher } from "./password-hasher";
import { RateLimiter } from "./rate-limiter";
import { SecurityQuestions } from "./security-questions";
import { deriveKey, resolveServerSecret } from "./server-secret";
import { SessionsRepository } from "./sessions.repository";

/** The building blocks of accounts, shared by the auth, profile, recovery and admin features. */
export interface Accounts {
  config: AppConfig["auth"];
  hasher: PasswordHasher;
  tokens: AccessTokens;
  securityQuestions: SecurityQuestions;
  users: UsersRepository;
  sessions: SessionsRepository;
  audit: AuditRepository;
  rateLimiter: RateLimiter;
  /** A 32-byte key for one purpose, derived from the server secret (HKDF-SHA256). */
  keyFor(purpose: string): Buffer;
}

/** Creates the account building blocks; resolves (or generates) the server secret. */
export async function createAccounts(
  config: AppConfig,
  db: Database,
  logger: FastifyBaseLogger,
): Promise<Accounts> {
  const secret = await resolveServerSecret(config.jwtSecretKey, config.dataDir, logger);
  const hasher = new PasswordHasher(config.auth.passwordIterations);
  return {
    config: config.auth,
    hasher,
    tokens: new AccessTokens(deriveKey(secret, "access-token"), config.auth.accessTokenTtlSeconds),
    securityQuestions: new SecurityQuestions(deriveKey(secret, "security-questions"), hasher),
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    audit: new AuditRepository(db),
    rateLimiter: new RateLimiter(db),
    keyFor: (purpose) => deriveKey(secret, purpose),
  };
}
