# syntax=docker/dockerfile:1.7
#
# OPS image: one image for every role (OPS_ROLES picks web, worker, scheduler, bot per container).
#   docker build -t ops:latest .
#   docker run -p 8787:8787 -e OPS_SECRET_KEY=… -e DATABASE_URL=postgres://… -e REDIS_URL=redis://… ops:latest
# deploy/docker-compose.yml and deploy/k8s/ run it split by role.

# ---- dependencies -----------------------------------------------------------------------------------------------
# package-lock.json is the project's lockfile (CI checks it), so npm ci installs exactly that tree. Node's image is
# only the installer: the runtime is Bun's image. --ignore-scripts: the only install script the project needs is the
# `bun` npm package's (which fetches a bun binary for node_modules/.bin); the image already has bun. Native parts
# (esbuild, rolldown, resvg, msgpackr) come from optional-dependency packages that need no script.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY cards/package.json cards/
COPY api/package.json api/
COPY bot/package.json bot/
COPY pwa/package.json pwa/
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# The runtime tree: no devDependencies (vite, vitest, wrangler, playwright, typescript stay out of the image).
FROM deps AS prod-deps
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# ---- PWA build --------------------------------------------------------------------------------------------------
FROM oven/bun:1.4.5 AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json bunfig.toml tsconfig.base.json ./
COPY shared ./shared
COPY cards ./cards
COPY api ./api
COPY bot ./bot
COPY pwa ./pwa
# the same command as `npm run build`; writes pwa/dist with .br/.gz beside each file
RUN bun --bun x vite build --config pwa/vite.config.ts --logLevel warn

# ---- runtime ----------------------------------------------------------------------------------------------------
FROM oven/bun:1.4.5 AS runtime
# Report chart images need a CJK font (without one Chinese text silently vanishes): Droid Sans Fallback is the small
# and fast one, DejaVu draws its Latin letters and digits (api/src/modules/reports/render/fonts.ts).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-droid-fallback fonts-dejavu-core tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV PORT=8787 \
    HOST=0.0.0.0 \
    OPS_DATA_DIR=/data
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json bunfig.toml tsconfig.base.json ./
COPY shared ./shared
COPY cards ./cards
COPY api ./api
COPY bot ./bot
COPY scripts/ops.ts scripts/audit-verify.ts ./scripts/
COPY pwa/package.json ./pwa/package.json
COPY --from=build /app/pwa/dist ./pwa/dist
# OPS_DATA_DIR: the generated secret key and audit archives (set OPS_SECRET_KEY and use a volume in production) and
# disk blobs when OPS_BLOB_DRIVER=disk. The image's `bun` user (uid 1000) owns it; the code stays root-owned.
RUN mkdir -p /data && chown bun:bun /data && chmod 0700 /data
VOLUME ["/data"]
USER bun
EXPOSE 8787
# Liveness only (/healthz: the process answers). Readiness (/readyz: store and queue reachable, draining on stop) is
# what compose and Kubernetes probe per role. The image has no curl: bun's fetch does the check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bun", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini forwards SIGTERM to bun and reaps children (shell jobs spawn processes); bun is not PID 1's zombie reaper.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["bun", "api/src/main.ts"]
