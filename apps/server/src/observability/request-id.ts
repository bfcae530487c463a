import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Header that carries a request's id in and out (proxies and clients may set it). */
export const REQUEST_ID_HEADER = "x-request-id";

/** A short token of letters, digits and `._:-`: safe to log, echo and search for. */
const SANE_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * Fastify's `genReqId`: the caller's `x-request-id` when it is a sane short token (so a proxy's or
 * client's id follows the request into our logs), else a new random UUID. Fastify logs it as
 * `reqId` on every line of the request; the observability plugin sends it back in `x-request-id`.
 */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  if (typeof incoming === "string" && SANE_REQUEST_ID.test(incoming)) return incoming;
  return randomUUID();
}
