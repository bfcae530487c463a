# syntax=docker/dockerfile:1
# CodeGenie in one image: the web app, REST API and the embedded llama.cpp engine (CPU; see the
# README, "Running in production", for a GPU build). Build: docker build -t codegenie .
# Run:   docker run -p 8501:8501 -v codegenie-data:/data codegenie
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: every dependency (dev ones too), then the web app (Vite) ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/shared/package.json packages/shared/
COPY packages/llm/package.json packages/llm/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: the server's production dependencies, its TypeScript sources, the built web app ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8501 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY apps/server/package.json apps/server/tsconfig.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/shared/package.json packages/shared/tsconfig.json packages/shared/
COPY packages/llm/package.json packages/llm/tsconfig.json packages/llm/
# Only apps/server's dependencies (and the workspaces it uses), without dev ones: no React, Vite or
# Vitest. tsx stays: it runs the server (docs/decisions/0001).
RUN npm ci --omit=dev --workspace apps/server --no-audit --no-fund \
    && npm cache clean --force
COPY packages/shared/src packages/shared/src
COPY packages/llm/src packages/llm/src
COPY apps/server/drizzle apps/server/drizzle
COPY apps/server/src apps/server/src
COPY --from=build /app/apps/web/dist apps/web/dist
# `codegenie` on the PATH: docker compose exec codegenie codegenie users list
RUN ln -s /app/apps/server/src/cli/codegenie.js /usr/local/bin/codegenie \
    && mkdir -p /data && chown node:node /data

# The node image's unprivileged account (uid 1000); it owns only /data.
USER node
VOLUME ["/data"]
EXPOSE 8501
# /healthz answers while the process serves; no curl in the slim image, so Node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8501)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "apps/server/src/main.ts"]
