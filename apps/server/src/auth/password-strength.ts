import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";
import { AppError } from "../errors";

const MIN_LENGTH = 10;
const MIN_SCORE = 3;

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

/** Whose password it is: it must not contain these. */
export interface PasswordOwner {
  username: string;
  email: string;
  displayName?: string | undefined;
}

/**
 * Refuses weak passwords with 422 `auth.weak_password` and a message saying what to change: at
 * least 10 characters, not containing the user id or email, and a zxcvbn score of at least 3
 * (hard to guess even for an attacker who knows common passwords and the user's names).
 */
export function assertStrongPassword(password: string, owner: PasswordOwner): void {
  const lowered = password.toLowerCase();
  const emailName = owner.email.toLowerCase().split("@")[0] ?? "";
  const problems: string[] = [];
  if (password.length < MIN_LENGTH) problems.push(`use at least ${MIN_LENGTH} characters`);
  if (lowered.includes(owner.username.toLowerCase())) problems.push("leave out your user id");
  if (
    lowered.includes(owner.email.toLowerCase()) ||
    (emailName.length >= 3 && lowered.includes(emailName))
  ) {
    problems.push("leave out your email address");
  }
  const userInputs = [owner.username, owner.email, emailName, owner.displayName ?? ""].filter(
    Boolean,
  );
  const result = zxcvbn.check(password, userInputs);
  const suggestions = [result.feedback.warning, ...result.feedback.suggestions].filter(
    (text): text is string => typeof text === "string" && text.length > 0,
  );
  if (result.score < MIN_SCORE && problems.length === 0) {
    problems.push("make it harder to guess: a few unrelated words or a longer phrase work well");
  }
  if (problems.length === 0) return;
  const message = `This password is too weak: ${problems.join("; ")}.`;
  throw new AppError("auth.weak_password", message, { problems, suggestions, score: result.score });
}
