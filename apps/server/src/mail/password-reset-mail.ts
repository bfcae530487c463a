import type { MailMessage } from "./mailer";

/** The email that carries a password reset code (plain ASCII text, so any client shows it). */
export function passwordResetMail(options: {
  to: string;
  username: string;
  code: string;
  expiresInMinutes: number;
}): MailMessage {
  const { to, username, code, expiresInMinutes } = options;
  return {
    to,
    subject: "Your CodeGenie password reset code",
    text: [
      `Someone asked to reset the password of the CodeGenie account "${username}".`,
      "",
      `Your one-time code: ${code}`,
      "",
      `It works once, for ${expiresInMinutes} minutes. Asking for a new code cancels this one.`,
      "If you did not ask for it, ignore this email: your password stays as it is.",
      "",
    ].join("\n"),
  };
}
