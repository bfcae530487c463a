import {
  ZAcceptedResponse,
  ZErrorResponse,
  ZForgotPasswordRequest,
  ZResetPasswordRequest,
  ZSecurityQuestionsLookupRequest,
  ZSecurityQuestionsLookupResponse,
} from "@codegenie/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditOrigin } from "./auth-guard";
import { PasswordRecoveryService } from "./password-recovery.service";
import { PasswordResetCodesRepository } from "./password-reset-codes.repository";

const errors = { 400: ZErrorResponse, 429: ZErrorResponse };

/** Password recovery by emailed code or security questions: `/api/auth/password/*`. */
export const passwordRecoveryRoutes: FastifyPluginAsyncZod = async (app) => {
  const recovery = new PasswordRecoveryService({
    accounts: app.accounts,
    auth: app.auth,
    codes: new PasswordResetCodesRepository(app.database.db),
    mailer: app.mailer,
    db: app.database.db,
    codeKey: app.accounts.keyFor("password-reset-code"),
    decoyKey: app.accounts.keyFor("security-question-decoys"),
    logger: app.log,
  });

  app.post(
    "/api/auth/password/forgot",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Email a one-time code to reset the password",
        description:
          "Always 202 with the same answer, whether or not an account uses the email. 503 when the server has no SMTP server configured.",
        body: ZForgotPasswordRequest,
        response: { 202: ZAcceptedResponse, ...errors, 503: ZErrorResponse },
      },
    },
    async (request, reply) => {
      await app.auth.limitByIp("password-forgot", request.ip);
      const { message } = await recovery.requestCode(request.body.email, auditOrigin(request));
      return reply.status(202).send({ status: "accepted", message });
    },
  );

  app.post(
    "/api/auth/password/questions",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "The two security questions to answer for an email",
        description:
          "Unknown emails and accounts without questions get two plausible questions too, always the same ones for the same email.",
        body: ZSecurityQuestionsLookupRequest,
        response: { 200: ZSecurityQuestionsLookupResponse, ...errors },
      },
    },
    async (request) => {
      await app.auth.limitByIp("password-questions", request.ip);
      return { questions: await recovery.questionsFor(request.body.email) };
    },
  );

  app.post(
    "/api/auth/password/reset",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Set a new password with the emailed code or the two answers",
        description:
          "Ends every session of the account and lifts a sign-in lock. Wrong or expired proofs get 400 auth.reset_invalid; wrong answers count towards the sign-in lock.",
        body: ZResetPasswordRequest,
        response: { 204: z.null(), ...errors, 422: ZErrorResponse },
      },
    },
    async (request, reply) => {
      await app.auth.limitByIp("password-reset", request.ip);
      await recovery.resetPassword(request.body, auditOrigin(request));
      return reply.status(204).send(null);
    },
  );
};
