import { ZErrorResponse, ZMeResponse } from "@codegenie/shared";
import fastifyMultipart from "@fastify/multipart";
import type { FastifyError, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditOrigin, requireAuth } from "../auth/auth-guard";
import { AppError } from "../errors";
import { AVATAR_MAX_BYTES, toAvatarWebp } from "./avatar";
import type { ProfileService } from "./profile.service";

/** The form field that carries the picture in a multipart upload. */
const AVATAR_FIELD = "avatar";

/**
 * Uploading, removing and serving avatars. Its own plugin, so the multipart and image body
 * parsers (with the 2 MiB limit) apply to these routes only.
 */
export const avatarRoutes: FastifyPluginAsyncZod<{ profile: ProfileService }> = async (
  app,
  { profile },
) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: AVATAR_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 11 },
  });
  app.addContentTypeParser(
    /^image\/[\w.+-]+$/i,
    { parseAs: "buffer", bodyLimit: AVATAR_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.put(
    "/api/me/avatar",
    {
      schema: {
        tags: ["profile"],
        summary: "Upload an avatar",
        description: `A PNG, JPEG, WebP or GIF of at most ${AVATAR_MAX_BYTES} bytes, as multipart/form-data in the field \`${AVATAR_FIELD}\` or as the request body with an image/* content type. It is stored as a 256 × 256 WebP without metadata and becomes the avatar shown.`,
        consumes: ["multipart/form-data", "image/png", "image/jpeg", "image/webp", "image/gif"],
        response: {
          200: ZMeResponse,
          400: ZErrorResponse,
          401: ZErrorResponse,
          413: ZErrorResponse,
          415: ZErrorResponse,
        },
      },
      // An image body over the limit is refused before the handler runs; it gets the avatar's
      // own code. Throwing here hands the error on to the app's error handler.
      errorHandler: (error: FastifyError) => {
        throw error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
          ? new AppError("profile.avatar_too_large")
          : error;
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      const avatarWebp = await toAvatarWebp(await readUpload(request));
      return profile.setAvatar(user, avatarWebp, auditOrigin(request));
    },
  );

  app.delete(
    "/api/me/avatar",
    {
      schema: {
        tags: ["profile"],
        summary: "Delete the uploaded avatar (back to initials)",
        response: { 200: ZMeResponse, 401: ZErrorResponse },
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      return profile.removeAvatar(user, auditOrigin(request));
    },
  );

  app.get(
    "/api/users/:id/avatar",
    {
      // Public on purpose: pictures are shown by <img> tags, which cannot send the Bearer token.
      // Avatars are not secret (they are shown beside a user's name), user ids are random UUIDs
      // that cannot be guessed in turn, and the bytes are our own re-encoded WebP.
      config: { access: "public" },
      schema: {
        tags: ["profile"],
        summary: "A user's uploaded avatar (WebP)",
        description:
          "Cached for a year: the avatarUrl of a user carries the upload time as `?v=`, so a new picture gets a new URL.",
        params: z.object({ id: z.uuid() }),
        // No response schemas: the answer is image bytes (errors are the usual JSON, 404 when none).
      },
    },
    async (request, reply) => {
      const avatar = await profile.avatarOf(request.params.id);
      return reply
        .type("image/webp")
        .header("cache-control", "public, max-age=31536000, immutable")
        .send(avatar);
    },
  );
};

/** The uploaded bytes: the `avatar` file of a multipart form, or an image/* body. */
async function readUpload(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) return readMultipartUpload(request);
  if (Buffer.isBuffer(request.body)) return request.body;
  if (request.headers["content-type"] === undefined) {
    throw new AppError("request.invalid", "Send a picture.");
  }
  throw new AppError(
    "request.unsupported_media_type",
    `Send the picture as multipart/form-data (field \`${AVATAR_FIELD}\`) or as an image/* body.`,
  );
}

async function readMultipartUpload(request: FastifyRequest): Promise<Buffer> {
  try {
    const part = await request.file();
    if (part?.fieldname !== AVATAR_FIELD) {
      part?.file.resume(); // drain it, so the rest of the request is read
      throw new AppError(
        "request.invalid",
        `Send the picture in the form field \`${AVATAR_FIELD}\`.`,
      );
    }
    return await part.toBuffer();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as FastifyError).code === "FST_REQ_FILE_TOO_LARGE") {
      throw new AppError("profile.avatar_too_large");
    }
    // Busboy's plain errors: a broken boundary, a part cut short, too many parts…
    throw new AppError("request.invalid", "The multipart/form-data body is malformed.");
  }
}
