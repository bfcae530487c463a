import { pbkdf2, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const pbkdf2Async = promisify(pbkdf2);

const ALGORITHM = "pbkdf2_sha256";
const SALT_BYTES = 16;
const HASH_BYTES = 32;

/** What checking a secret against a stored hash found. */
export interface VerifyResult {
  isValid: boolean;
  /** True when the stored hash used fewer iterations than configured: store a new one. */
  needsRehash: boolean;
}

/**
 * Hashes passwords (and security answers) with PBKDF2-HMAC-SHA256 on libuv's thread pool, so the
 * event loop never waits, in the self-describing format
 * `pbkdf2_sha256$<iterations>$<salt base64>$<hash base64>`.
 */
export class PasswordHasher {
  readonly #iterations: number;

  /** `iterations`: PBKDF2 rounds for new hashes (600 000 or more outside tests). */
  constructor(iterations: number) {
    this.#iterations = iterations;
  }

  /** A new salted hash of `secret`. */
  async hash(secret: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const hash = await pbkdf2Async(secret, salt, this.#iterations, HASH_BYTES, "sha256");
    return `${ALGORITHM}$${this.#iterations}$${salt.toString("base64")}$${hash.toString("base64")}`;
  }

  /** Checks `secret` against a stored hash in constant time; a malformed hash never matches. */
  async verify(secret: string, stored: string): Promise<VerifyResult> {
    const [algorithm, iterationsText, saltText, hashText] = stored.split("$");
    const iterations = Number(iterationsText);
    if (
      algorithm !== ALGORITHM ||
      !Number.isInteger(iterations) ||
      iterations < 1 ||
      !saltText ||
      !hashText
    ) {
      return { isValid: false, needsRehash: false };
    }
    const expected = Buffer.from(hashText, "base64");
    const actual = await pbkdf2Async(
      secret,
      Buffer.from(saltText, "base64"),
      iterations,
      expected.length,
      "sha256",
    );
    const isValid = expected.length > 0 && timingSafeEqual(actual, expected);
    return { isValid, needsRehash: isValid && iterations < this.#iterations };
  }

  /**
   * Burns the time of one verification, so "no such user" takes as long as "wrong password" and
   * response times do not tell which accounts exist.
   */
  async verifyNothing(secret: string): Promise<void> {
    await pbkdf2Async(secret, "codegenie-no-such-user", this.#iterations, HASH_BYTES, "sha256");
  }
}
