import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

/**
 * The OpenAPI document, generated from the zod contracts of each route, and Swagger UI at /docs
 * (the document itself at /docs/json).
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "CodeGenie API",
        description:
          "Self-hosted AI coding assistant. Errors are `{ error: { code, message, details? } }`; streaming endpoints answer with server-sent events when the request accepts `text/event-stream`.",
        version: "0.1.0",
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs", staticCSP: true });
}
