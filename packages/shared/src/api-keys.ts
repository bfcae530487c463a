import { z } from "zod";

/** Most live (not revoked) API keys one user may hold. */
export const MAX_API_KEYS_PER_USER = 20;

/** What the owner calls a key ("laptop editor", "CI"), 1–64 characters. */
export const ZApiKeyName = z.string().trim().min(1, "the name is empty").max(64);

/** `POST /api/me/api-keys`. */
export const ZCreateApiKeyRequest = z.object({ name: ZApiKeyName });
export type TCreateApiKeyRequest = z.infer<typeof ZCreateApiKeyRequest>;

/**
 * `POST /api/me/api-keys` answered with 201: the whole key, shown this once (the server keeps only
 * its hash). Use it as `Authorization: Bearer cg_…` on the `/v1` routes.
 */
export const ZCreatedApiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  /** `cg_` followed by 43 base64url characters (32 random bytes). */
  key: z.string().startsWith("cg_"),
  /** The first characters of the key, as the list shows them. */
  prefix: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TCreatedApiKey = z.infer<typeof ZCreatedApiKey>;

/** One live key as its owner sees it later: never the key itself. */
export const ZApiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  /** Null until the key is first used; updated at most once a minute. */
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type TApiKey = z.infer<typeof ZApiKey>;

/** `GET /api/me/api-keys`: the user's live keys, newest first. */
export const ZApiKeysResponse = z.object({ apiKeys: z.array(ZApiKey) });
export type TApiKeysResponse = z.infer<typeof ZApiKeysResponse>;
