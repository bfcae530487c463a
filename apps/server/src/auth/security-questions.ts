import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { TSecurityQuestion } from "@codegenie/shared";
import { z } from "zod";
import type { PasswordHasher } from "./password-hasher";

const ZStoredQuestions = z.array(z.string());

/**
 * Security questions: the question texts are stored encrypted (AES-256-GCM with a key derived
 * from the server secret), the answers as salted PBKDF2 hashes of their normalised form.
 */
export class SecurityQuestions {
  readonly #key: Buffer;
  readonly #hasher: PasswordHasher;

  /** `key`: 32 bytes derived from the server secret for this purpose only. */
  constructor(key: Buffer, hasher: PasswordHasher) {
    this.#key = key;
    this.#hasher = hasher;
  }

  /** What to store for these questions and answers. */
  async protect(
    questions: readonly TSecurityQuestion[],
  ): Promise<{ encrypted: string; answerHashes: string[] }> {
    const answerHashes = await Promise.all(
      questions.map((question) => this.#hasher.hash(normaliseAnswer(question.answer))),
    );
    return {
      encrypted: this.encryptTexts(questions.map((question) => question.question)),
      answerHashes,
    };
  }

  /** Encrypts the question texts: `v1.<iv>.<tag>.<ciphertext>`, base64url. */
  encryptTexts(texts: readonly string[]): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const ciphertext = Buffer.concat([
      cipher.update(JSON.stringify(texts), "utf8"),
      cipher.final(),
    ]);
    return ["v1", iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".");
  }

  /** The question texts; throws when the data was tampered with or the secret changed. */
  decryptTexts(encrypted: string): string[] {
    const [version, iv, tag, ciphertext] = encrypted.split(".");
    if (version !== "v1" || !iv || !tag || !ciphertext)
      throw new Error("unknown security questions format");
    const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(ciphertext, "base64url")),
      decipher.final(),
    ]);
    return ZStoredQuestions.parse(JSON.parse(plain.toString("utf8")));
  }

  /** True when every answer matches its stored hash (all are checked, whatever the first gives). */
  async verifyAnswers(
    answers: readonly string[],
    answerHashes: readonly string[],
  ): Promise<boolean> {
    if (answers.length !== answerHashes.length) return false;
    const results = await Promise.all(
      answers.map((answer, index) =>
        this.#hasher.verify(normaliseAnswer(answer), answerHashes[index] ?? ""),
      ),
    );
    return results.every((result) => result.isValid);
  }
}

/** Answers match regardless of case, surrounding spaces and repeated inner spaces. */
export function normaliseAnswer(answer: string): string {
  return answer.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
}
