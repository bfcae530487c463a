import {
  MAX_API_KEYS_PER_USER,
  type TApiKey,
  type TApiKeysResponse,
  type TCreatedApiKey,
} from "@codegenie/shared";
import type { AuditOrigin, AuditRepository } from "../audit/audit.repository";
import { AppError } from "../errors";
import type { UserRow } from "../users/present-user";
import { generateApiKey } from "./api-key-secret";
import type { ApiKeyRow, ApiKeysRepository } from "./api-keys.repository";

const who = (user: UserRow) => ({ id: user.id, username: user.username });

/** Personal API keys: created by their owner, shown once, listed without the key, revoked. */
export class ApiKeysService {
  readonly #repository: ApiKeysRepository;
  readonly #audit: AuditRepository;

  constructor(repository: ApiKeysRepository, audit: AuditRepository) {
    this.#repository = repository;
    this.#audit = audit;
  }

  /**
   * Creates a key and returns it whole — the only time it is ever shown. 409
   * `api_key.limit_reached` when the user already has MAX_API_KEYS_PER_USER live keys.
   */
  async create(user: UserRow, name: string, origin: AuditOrigin): Promise<TCreatedApiKey> {
    const { key, prefix, hash } = generateApiKey();
    const row = await this.#repository.createWithinLimit(
      { userId: user.id, name, keyPrefix: prefix, keyHash: hash },
      MAX_API_KEYS_PER_USER,
    );
    if (!row) {
      throw new AppError(
        "api_key.limit_reached",
        `You already have ${MAX_API_KEYS_PER_USER} API keys; revoke one you no longer use first.`,
        { limit: MAX_API_KEYS_PER_USER },
      );
    }
    await this.#audit.record({
      action: "api_key.created",
      actor: who(user),
      target: who(user),
      ...origin,
      details: { apiKeyId: row.id, name: row.name, prefix: row.keyPrefix },
    });
    return { id: row.id, name: row.name, key, prefix, createdAt: row.createdAt.toISOString() };
  }

  /** The user's live keys, newest first. */
  async list(user: UserRow): Promise<TApiKeysResponse> {
    const rows = await this.#repository.listLive(user.id);
    return { apiKeys: rows.map(presentApiKey) };
  }

  /** Revokes one of the user's keys at once; 404 `api_key.not_found` for any other id. */
  async revoke(user: UserRow, id: string, origin: AuditOrigin): Promise<void> {
    const row = await this.#repository.revoke(user.id, id);
    if (!row) throw new AppError("api_key.not_found");
    await this.#audit.record({
      action: "api_key.revoked",
      actor: who(user),
      target: who(user),
      ...origin,
      details: { apiKeyId: row.id, name: row.name, prefix: row.keyPrefix },
    });
  }
}

function presentApiKey(row: ApiKeyRow): TApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.keyPrefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
