import { createHash, timingSafeEqual } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import { servePwa } from "./http/pwa.ts";
import { AppError } from "@ops/shared";
import type { Db } from "./platform/db/db.ts";
import type { Logger } from "./platform/logger.ts";
import { errorResponse } from "./http/on-error.ts";
import type { Metrics } from "./http/metrics.ts";
import type { Readiness } from "./lifecycle/readiness.ts";
import type { AppEnv, Authenticate, AuthenticateBot } from "./http/types.ts";
import { validationHook } from "./http/validation.ts";
import { DOCS_PATH, docsAsset, docsPage } from "./http/docs.ts";
import { OPENAPI_PATH, serveOpenApi } from "./http/openapi-document.ts";
import { requestPipeline } from "./http/pipeline.ts";
import type { AuditService } from "./modules/audit/index.ts";
import { auditRoutes } from "./modules/audit/index.ts";
import type { Iam } from "./modules/iam/index.ts";
import { notifyRoutes, type Notify } from "./modules/notify/index.ts";
import { chatRoutes, type ChatConsoleSlot } from "./modules/chat/index.ts";
import { feedbackRoutes, type FeedbackService } from "./modules/feedback/index.ts";
import { workbenchRoutes, type Workbench } from "./modules/workbench/index.ts";
import { helpRoutes, type Help } from "./modules/help/index.ts";
import { jobsRoutes, type Jobs } from "./modules/jobs/index.ts";
import { flowsRoutes, type Flows } from "./modules/flows/index.ts";
import { ticketsRoutes, type TicketsService } from "./modules/tickets/index.ts";
import { approvalsRoutes, type Approvals } from "./modules/approvals/index.ts";
import { webhooksRoutes, type Webhooks } from "./modules/webhooks/index.ts";
import type { Reports } from "./modules/reports/index.ts";
import type { Monitor } from "./modules/monitor/index.ts";
import { configRoutes, type Config, type ConfigConsumers, type ConfigReleaseService } from "./modules/config/index.ts";

export type AppDeps = {
  db: Db;
  logger: Logger;
  metrics: Metrics;
  iam: Iam;
  audit: AuditService;
  notify: Notify;
  feedback: FeedbackService;
  help: Help;
  /** the web chat console's engine, attached by the composition root once the bot core runs */
  chatConsole: ChatConsoleSlot;
  /** the home workbench with the widgets the composition root registered */
  workbench: Workbench;
  /** the jobs engine (definitions, runs, schedules) */
  jobs: Jobs;
  /** flows (DAGs of jobs): definitions, versions, instances */
  flows: Flows;
  /** approvals: definitions, instances, tasks */
  approvals: Approvals;
  /** 运维工单 */
  tickets: TicketsService;
  /** outbound webhooks: subscriptions and the delivery log */
  webhooks: Webhooks;
  /** config center: tables, records, versions (release/ and consumers/ add their routes to configRoutes) */
  config: Config;
  /** config center: change sets, approval gate, releases */
  configRelease: ConfigReleaseService;
  /** config center: the published endpoint (long-poll) and who reads which release */
  configConsumers: ConfigConsumers;
  /** reports: datasources, datasets, reports, exports, subscriptions, metric dictionary */
  reports: Reports;
  /** monitoring: metrics catalog and series, overview, alert rules, alerts, silences, nodes, slow queries */
  monitor: Monitor;
  corsOrigins: string[];
  trustProxy: boolean;
  /** what `/readyz` answers: the checks of this process's roles, `draining` once a shutdown began (lifecycle/readiness.ts) */
  readiness: Readiness;
  /** per-file cap of comment attachments: the upload routes' body limit follows it (OPS_ATTACHMENT_MAX_BYTES) */
  attachmentMaxBytes?: number;
  /** built PWA to serve at / (SPA fallback to index.html) */
  pwaDist?: string;
  version?: string;
  /** OPS_METRICS_TOKEN: when set, `/metrics` answers only `Authorization: Bearer <token>` */
  metricsToken?: string;
};

const BODY_LIMIT = 1024 * 1024;
/** Comment uploads (approvals, tickets) may carry up to 3 attachments; every other route keeps BODY_LIMIT. */
const UPLOAD_PATHS = /^\/api\/v1\/(?:(?:approvals|tickets)\/[^/]+\/comments|config\/tables\/[^/]+\/(?:uploads|records\/import)|datasources\/(?:upload(?:\/preview)?|[^/]+\/upload))\/?$/;
const UPLOAD_FILES = 3;

/** Mounts middleware and every module's routes. No I/O here: main.ts does the wiring. */
export function createApp(deps: AppDeps) {
  // strict: false tolerates one trailing slash on every route (DESIGN.md §5).
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false });

  // request context, API checks, CORS and no-store, metrics and audit, compression, security headers: pipeline.ts
  app.use("*", requestPipeline({
    trustProxy: deps.trustProxy, corsOrigins: deps.corsOrigins, metrics: deps.metrics, audit: deps.audit, logger: deps.logger,
    maxBodyBytes: BODY_LIMIT, uploads: { paths: UPLOAD_PATHS, maxBytes: UPLOAD_FILES * (deps.attachmentMaxBytes ?? BODY_LIMIT) + BODY_LIMIT },
    authenticate: deps.iam.authenticate as Authenticate, authenticateBot: deps.iam.authenticateBot as AuthenticateBot,
  }));

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const { status, checks, failing, connections, degraded } = await deps.readiness.report();
    // connections (the bot role's chat clients) are information: one that is down is listed, readiness stands
    return c.json({
      status, checks, ...(failing.length ? { failing } : {}), ...(Object.keys(connections).length ? { connections } : {}), ...(degraded.length ? { degraded } : {}),
    }, status === "ready" ? 200 : 503);
  });
  app.get("/metrics", async (c, next) => (metricsAllowed(deps.metricsToken, c.req.header("authorization")) ? next() : c.json({
    code: "monitor.metrics_token", message: "A valid metrics token is required (Authorization: Bearer <OPS_METRICS_TOKEN>)", data: null, timestamp: new Date().toISOString(),
  }, 401, { "WWW-Authenticate": "Bearer" })));
  app.get("/metrics", async (c) => c.text(await deps.metrics.registry.metrics(), 200, { "Content-Type": deps.metrics.registry.contentType }));

  const v1 = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .route("/", deps.iam.routes)
    .route("/", auditRoutes(deps.audit))
    .route("/", notifyRoutes(deps.notify))
    .route("/", chatRoutes(deps.chatConsole))
    .route("/", feedbackRoutes(deps.feedback))
    .route("/", helpRoutes(deps.help))
    .route("/", workbenchRoutes(deps.workbench))
    .route("/", jobsRoutes(deps.jobs))
    .route("/", flowsRoutes(deps.flows))
    .route("/", approvalsRoutes(deps.approvals))
    .route("/", ticketsRoutes(deps.tickets))
    .route("/", webhooksRoutes(deps.webhooks))
    .route("/", configRoutes(deps.config, deps.configRelease, deps.configConsumers))
    .route("/", deps.reports.routes)
    .route("/", deps.monitor.routes);
  // app.route (not basePath) merges the modules' OpenAPI registries into the document.
  const api = app.route("/api/v1", v1);

  serveOpenApi(app, deps.version ?? "0.1.0");
  app.get(DOCS_PATH, (c) => c.html(docsPage(OPENAPI_PATH), 200, { "Cache-Control": "no-cache" }));
  app.get(`${DOCS_PATH}/:file`, docsAsset);

  if (deps.pwaDist) servePwa(app, deps.pwaDist);

  app.notFound((c) => errorResponse(c, new AppError(c.req.path.startsWith("/api/") ? "common.route_not_found" : "common.not_found", { status: 404 }), deps.logger));
  app.onError((err, c) => errorResponse(c, err, deps.logger));
  return { app, api };
}

export type AppType = ReturnType<typeof createApp>["api"];

/** Without a token `/metrics` is open (a private network's Prometheus); with one, only its Bearer (compared in constant time). */
function metricsAllowed(token: string | undefined, header: string | undefined): boolean {
  if (!token) return true;
  const given = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "";
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b);
}
