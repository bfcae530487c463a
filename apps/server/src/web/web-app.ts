import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors";

/** Paths that belong to the server; everything else that is a GET is the single-page app's. */
const SERVER_PATH = /^\/(api|v1|docs|healthz|readyz|metrics)(\/|$)/;

/**
 * Serves the built web app from `webDistDir` on the same port: hashed assets with a long cache,
 * and index.html for any other page path so client-side routes survive a reload. Unknown API
 * paths get the JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, webDistDir: string): Promise<void> {
  const hasBuild = existsSync(path.join(webDistDir, "index.html"));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      wildcard: false,
      setHeaders: (reply, filePath) => {
        const isHashedAsset = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header(
          "cache-control",
          isHashedAsset ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  } else {
    app.log.warn({ webDistDir }, "the web app is not built; run `npm run build` to serve it");
  }

  app.setNotFoundHandler(async (request, reply) => {
    const pathname = request.url.split("?")[0] ?? "/";
    const isPageRequest = request.method === "GET" || request.method === "HEAD";
    if (!isPageRequest || SERVER_PATH.test(pathname)) {
      throw new AppError("route.not_found", `There is no route ${request.method} ${pathname}.`);
    }
    if (!hasBuild) {
      return reply
        .status(503)
        .type("text/plain")
        .send("The CodeGenie web app is not built. Run `npm run build`, then restart.");
    }
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  });
}
