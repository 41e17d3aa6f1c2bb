# syntax=docker/dockerfile:1
# The platform's one image: the API (default command), the worker and the migration job run
# it with different commands. Build: `docker build -t khadamat:<version> .`
# Pin the base images by digest in your registry mirror; tags are shown for readability.

# ── build: install everything, generate the Prisma clients, bundle API and web client ──
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund

# ── runtime: production dependencies, the bundles, the migrations; no compiler, no source ──
FROM node:20.20-bookworm-slim AS runtime
# tini is PID 1 and forwards SIGTERM to node (its child), which drains and exits;
# postgresql-client gives the worker pg_dump/pg_restore for backups (its major version must
# be at least the server's: bookworm ships 15).
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini postgresql-client \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/contracts/package.json ./contracts/
COPY --from=build /app/backend/package.json ./backend/
COPY --from=build /app/backend/node_modules ./backend/node_modules
COPY --from=build /app/backend/dist ./backend/dist
COPY --from=build /app/backend/prisma ./backend/prisma
COPY --from=build /app/frontend/dist ./frontend/dist
# The image's own user (uid 1000 in the node image); nothing in /app is writable by it.
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# API. Worker: ["node", "--enable-source-maps", "backend/dist/worker.js"];
# migrations: ["node", "backend/dist/db-migrate.js", "deploy"].
CMD ["node", "--enable-source-maps", "backend/dist/server.js"]
