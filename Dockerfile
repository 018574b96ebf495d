# syntax=docker/dockerfile:1

# Build stage: the full toolchain, only to generate the Prisma client
# (src/data/prisma/generated is git-ignored, so it is made here).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY prisma.config.ts ./
COPY prisma ./prisma
# `prisma generate` needs no schema engine, but the CLI insists on finding one.
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/true npx prisma generate

# Final stage: production dependencies and the TypeScript sources, which
# @oxc-node/core (a production dependency) compiles as they load (scripts/register.mjs).
FROM node:24-slim
ENV NODE_ENV=production
# glibc's malloc keeps one arena per thread that allocates (libuv's pool, V8's helpers): two are
# enough for a process whose work is on one thread, and about 7 MiB less resident memory.
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
# tsconfig.json: oxc-node reads the decorator settings from it (type-graphql needs them).
COPY tsconfig.json ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src
COPY --from=build /app/src/data/prisma/generated ./src/data/prisma/generated
# The embedded store's data dir (DB_TYPE=sql without DATABASE_URL) must be writable by `node`.
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 4000
# The node flags of the start script in package.json (README, Measurements: "Memory and start-up").
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=50", "--import", "./scripts/register.mjs", "src/main.ts"]
