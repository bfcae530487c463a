import type { SecurityQuestions } from "../auth/security-questions";
import type { UserRow } from "../users/present-user";
import type { ProfileRepository } from "./profile.repository";
import { presentMe } from "./profile.service";

/** Everything stored about a user, as `GET /api/me/export` hands it out. */
export type AccountExport = Awaited<ReturnType<typeof exportAccount>>;

/**
 * Gathers everything stored about a user: profile (never password or answer hashes), the
 * question texts, the uploaded picture, every session, the conversations, the generation
 * history, the feedback (ratings, comments, sentiment) and the audit entries about them. Entries
 * where someone else acted (an admin) leave out that person's IP address and browser, which are
 * theirs, not the user's.
 */
export async function exportAccount(
  user: UserRow,
  repository: ProfileRepository,
  securityQuestions: SecurityQuestions,
) {
  const [avatarWebp, sessions, conversations, generations, feedback, auditEntries] =
    await Promise.all([
      user.hasAvatar ? repository.findAvatar(user.id) : undefined,
      repository.listAllSessions(user.id),
      repository.listConversations(user.id),
      repository.listGenerations(user.id),
      repository.listFeedback(user.id),
      repository.listAuditEntries(user.id),
    ]);
  return {
    format: "codegenie-account-export/1",
    exportedAt: new Date().toISOString(),
    profile: {
      ...presentMe(user),
      updatedAt: user.updatedAt.toISOString(),
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      securityQuestions: readQuestions(user, securityQuestions),
    },
    avatar: avatarWebp
      ? { contentType: "image/webp", base64: avatarWebp.toString("base64") }
      : null,
    sessions,
    conversations,
    generations,
    feedback,
    auditLog: auditEntries.map((entry) =>
      entry.actorId === user.id ? entry : { ...entry, ip: null, userAgent: null },
    ),
  };
}

/** The question texts (never the answers); null when none are set or they cannot be read. */
function readQuestions(user: UserRow, securityQuestions: SecurityQuestions): string[] | null {
  if (!user.securityQuestionsEncrypted) return null;
  try {
    return securityQuestions.decryptTexts(user.securityQuestionsEncrypted);
  } catch {
    // The server secret changed since they were set: they cannot be read by anyone any more.
    return null;
  }
}
