import { createHash, randomBytes } from "node:crypto";

/** Every key starts with this, so a leaked key is recognisable (and secret scanners can find it). */
export const API_KEY_PREFIX = "cg_";

/** How many characters of a key the owner sees in the list: `cg_` and 8 more. */
const DISPLAY_PREFIX_LENGTH = 11;

/** A new key: `cg_` + 32 random bytes in base64url (43 characters). */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), hash: hashApiKey(key) };
}

/**
 * The stored form of a key: hex SHA-256. A key has 256 random bits, so no salt or slow hash is
 * needed (there is no dictionary to try), and an equal hash finds the key with one index lookup.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** True when a bearer token looks like one of our API keys rather than an access token. */
export function isApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}
