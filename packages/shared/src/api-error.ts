import { z } from "zod";
import { ERROR_CODES } from "./errors";

/** The body of every error response: `{ "error": { "code", "message", "details"? } }`. */
export const ZErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "ErrorResponse" });
export type TErrorResponse = z.infer<typeof ZErrorResponse>;
