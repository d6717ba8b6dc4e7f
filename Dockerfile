# syntax=docker/dockerfile:1
# The API, the worker, the demo sandbox and the SPA (nginx), on Node.js 24 LTS. Targets:
#   api      node dist/main.js (HTTP on $PORT, health-checked); also runs dist/bin/migrate.js
#   worker   node dist/worker.js (no HTTP)
#   sandbox  the Stripe / Xero / LeadByte emulators and mail catcher, for the demo profile
#   web      the built SPA behind nginx, proxying /api and /admin/queues to the API
# Installs are exact from package-lock.json (npm ci); runtime images hold production packages only
# and run as the unprivileged `node` user. The workspace root pins embedded PostgreSQL's linux-x64
# binary (tests only), so build for linux/amd64.
ARG NODE_IMAGE=node:24-bookworm-slim

# The workspace manifests and the lockfile: every install below is exact from the lockfile (npm ci).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY apps/sandbox/package.json apps/sandbox/
COPY libs/api-client/package.json libs/api-client/

# Everything, dev packages included, to compile the API and the sandbox and bundle the SPA.
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build -w apps/api \
 && npm run build -w apps/web \
 && npx tsc -p docker/tsconfig.sandbox.json

# Production packages of one workspace only: no dev packages, no test servers.
FROM manifests AS api-packages
RUN npm ci --omit=dev --workspace apps/api --no-audit --no-fund && npm cache clean --force

FROM manifests AS sandbox-packages
RUN npm ci --omit=dev --workspace apps/sandbox --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS app
ENV NODE_ENV=production
WORKDIR /app
COPY --from=api-packages /app/node_modules ./node_modules
COPY --from=build /app/apps/api/package.json ./apps/api/
COPY --from=build /app/apps/api/dist ./apps/api/dist
WORKDIR /app/apps/api
USER node

FROM app AS worker
CMD ["node", "dist/worker.js"]

FROM app AS api
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]

FROM ${NODE_IMAGE} AS sandbox
ENV NODE_ENV=production SANDBOX_HOST=0.0.0.0 SANDBOX_PORT=4010 SANDBOX_SMTP_PORT=2525
WORKDIR /app
COPY --from=sandbox-packages /app/node_modules ./node_modules
COPY --from=build /app/apps/sandbox/package.json ./apps/sandbox/
COPY --from=build /app/apps/sandbox/dist ./apps/sandbox/dist
WORKDIR /app/apps/sandbox
USER node
EXPOSE 4010 2525
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.SANDBOX_PORT || 4010) + '/_sandbox/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]

FROM nginx:1.28-alpine AS web
COPY --from=build /app/apps/web/dist /usr/share/nginx/html
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
HEALTHCHECK --interval=10s --timeout=5s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
