import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PasswordHasher } from "./password-hasher";
import { assertStrongPassword } from "./password-strength";
import { normaliseAnswer, SecurityQuestions } from "./security-questions";

const questions = [
  { question: "Name of your first pet?", answer: "  Mr.   Whiskers " },
  { question: "City where you were born?", answer: "Zürich" },
];

describe("SecurityQuestions", () => {
  it("encrypts the question texts and hashes the answers (never plain text)", async () => {
    const security = new SecurityQuestions(randomBytes(32), new PasswordHasher(1000));
    const stored = await security.protect(questions);
    expect(stored.encrypted).not.toContain("pet");
    expect(stored.answerHashes.join()).not.toMatch(/whiskers|z.rich/i);
    expect(stored.answerHashes.every((hash) => hash.startsWith("pbkdf2_sha256$"))).toBe(true);
    expect(security.decryptTexts(stored.encrypted)).toEqual(
      questions.map((question) => question.question),
    );

    expect(await security.verifyAnswers(["mr. whiskers", "ZÜRICH "], stored.answerHashes)).toBe(
      true,
    );
    expect(await security.verifyAnswers(["mr whiskers", "zürich"], stored.answerHashes)).toBe(
      false,
    );
    expect(await security.verifyAnswers(["mr. whiskers"], stored.answerHashes)).toBe(false);
  });

  it("refuses question texts that were tampered with or encrypted under another secret", async () => {
    const security = new SecurityQuestions(randomBytes(32), new PasswordHasher(1000));
    const { encrypted } = await security.protect(questions);
    const flipped = `${encrypted.slice(0, -2)}${encrypted.endsWith("A") ? "B" : "A"}${encrypted.slice(-1)}`;
    expect(() => security.decryptTexts(flipped)).toThrow();
    const other = new SecurityQuestions(randomBytes(32), new PasswordHasher(1000));
    expect(() => other.decryptTexts(encrypted)).toThrow();
  });

  it("normalises answers: case, surrounding and repeated inner spaces", () => {
    expect(normaliseAnswer("  New   York\tCity ")).toBe("new york city");
  });
});

describe("assertStrongPassword", () => {
  const owner = { username: "marie", email: "marie.curie@example.test" };
  it("accepts a long unguessable phrase", () => {
    expect(() => assertStrongPassword("radium glows softly at midnight", owner)).not.toThrow();
  });
  it("refuses the email's name inside the password, saying so", () => {
    expect(() => assertStrongPassword("marie.curie-was-here-1898", owner)).toThrow(
      /leave out your email/,
    );
  });
});
