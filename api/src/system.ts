import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Env } from "./env.ts";
import { openDb, type Db } from "./platform/db/db.ts";
import { ensurePrivateFile, secureDataDir, writePrivateFile } from "./platform/data-dir.ts";
import { migrate } from "./platform/db/migrate.ts";
import { systemClock, type Clock } from "./platform/clock.ts";
import { createLogger, type Logger } from "./platform/logger.ts";
import { createSecretBox, newId, randomToken, sha256 } from "./platform/crypto.ts";
import { createRateLimiter } from "./platform/rate-limit.ts";
import { openRateLimiter } from "./platform/rate-limit/open.ts";
import { createLocalBus, openBus } from "./platform/bus/index.ts";
import { openQueueDriver } from "./platform/queue/index.ts";
import { createMetrics } from "./http/metrics.ts";
import { createReadiness } from "./lifecycle/readiness.ts";
import { createAuditService } from "./modules/audit/index.ts";
import { createIam, createScopeFilter, useSecurityWriter, type AdminSeedResult } from "./modules/iam/index.ts";
import { createNotify, type NotifyOptions, type NotifyTransports } from "./modules/notify/index.ts";
import { createHttpSmsTransport, createNotifyTransports, createSmtpTransport, createWebhookTransport } from "./platform/notify-transports/index.ts";
import { createFeedback, feedbackDemoSeeder } from "./modules/feedback/index.ts";
import { createCoreDemoRegistry } from "./demo/seed-demo.ts";
import { createHelp } from "./modules/help/index.ts";
import { createApp } from "./app.ts";
import type { ChatConsoleSlot } from "./modules/chat/index.ts";
import { createWorkbench, registerCoreWidgets, type ChatPlatform } from "./modules/workbench/index.ts";
import { createJobs, jobsDemoSeeder, jobsWidgets } from "./modules/jobs/index.ts";
import { createFlows, flowsDemoSeeder, flowsWidgets } from "./modules/flows/index.ts";
import { createTickets, ticketSamplesDemoSeeder, ticketsDemoSeeder, ticketsWidgets } from "./modules/tickets/index.ts";
import { openBlobStore } from "./platform/blob/index.ts";
import { approvalsDemoSeeder, approvalsWidgets, createApprovals, type Approvals } from "./modules/approvals/index.ts";
import { approvalGateOf, hookTargetsOf, linkApprovalGates } from "./system-integrations.ts";
import { createWebhooks, type WebhooksOptions } from "./modules/webhooks/index.ts";
import { createReports, reportsDemoSeeder, reportsWidgets } from "./modules/reports/index.ts";
import { alertsDemoSeeder, alertsWidgets, createMonitor, metricsDemoSeeder, type MonitorOptions } from "./modules/monitor/index.ts";
import { hostname } from "node:os";
import {
  configDemoSeeder, configReleaseWidgets, createConfig, createConfigConsumers, createConfigRelease, linkReleaseApprovals, releaseApprovalsOf, settingsMailTransport,
  type Config,
} from "./modules/config/index.ts";

/** the release this build is (package.json), as nodes report it */
const APP_VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

export type System = Awaited<ReturnType<typeof buildSystem>>;

export type BuildOptions = {
  clock?: Clock;
  logger?: Logger;
  databaseUrl?: string;
  metricsDefaults?: boolean;
  /** Stand-in transports for the notification center (tests); default: from env. */
  notifyTransports?: NotifyTransports;
  notifyOptions?: Partial<NotifyOptions>;
  /** Outbound webhook retry delays and time limit (tests: short delays on the test clock); default: from env. */
  webhooksOptions?: Partial<WebhooksOptions>;
  /** Wraps the Store once opened (tests count its statements). */
  wrapDb?: (db: Db) => Db;
  /** monitor intervals and thresholds (tests: short intervals on the test clock); default: from env */
  monitorOptions?: Partial<MonitorOptions>;
  /** "later": the caller creates the first admin itself (main.ts, once the port is bound) */
  firstAdmin?: "now" | "later";
  /** with OPS_DEMO: run only these demo seeders (tests that need a small fixed set); default all */
  demoSeeders?: readonly string[];
};

/**
 * The store and the modules an operator command needs (scripts/ops.ts): data dir, migrations,
 * secrets, audit and IAM; no queue, no notification center, no HTTP app.
 */
export async function openCore(
  env: Env,
  options: Pick<BuildOptions, "clock" | "logger" | "databaseUrl" | "wrapDb"> & {
    /** a serving process: signals and rate limits shared with the other processes (Redis, else PostgreSQL); else this process's */
    shared?: boolean;
  } = {},
) {
  const logger = options.logger ?? createLogger(env.OPS_LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const dataDir = resolve(env.OPS_DATA_DIR);
  const databaseUrl = options.databaseUrl ?? env.DATABASE_URL ?? `sqlite://${join(dataDir, "ops.db")}`;
  const sqliteFile = sqliteFileOf(databaseUrl);
  // The data dir is private (0700, files 0600); looser modes left by an older start are fixed.
  if (sqliteFile || !env.OPS_SECRET_KEY || existsSync(dataDir)) secureDataDir(dataDir);
  if (sqliteFile) ensurePrivateFile(sqliteFile);
  const secretKey = env.OPS_SECRET_KEY ?? loadOrCreateSecret(dataDir);

  const opened = await openDb(databaseUrl, {
    onEffectError: (e) => logger.error("after-commit effect failed", { err: e }),
    poolMax: env.OPS_DB_POOL_MAX,
  });
  const db: Db = options.wrapDb ? options.wrapDb(opened) : opened;
  await migrate(db);
  // SQLite gives its WAL and shared-memory files the database's mode; an old install's stay as found, so fix them.
  if (sqliteFile) for (const side of ["-wal", "-shm"]) if (existsSync(sqliteFile + side)) ensurePrivateFile(sqliteFile + side);
  const secrets = await createSecretBox(secretKey);
  const jwtKey = sha256(`ops-jwt:${secretKey}`);
  // The bot process derives the same key from the same OPS_SECRET_KEY.
  const botKey = sha256(`ops-bot:${secretKey}`);
  const scope = createScopeFilter(db);
  const audit = createAuditService({
    db, clock, scope, logger: logger.child({ module: "audit" }),
    chainKey: sha256(`ops-audit-chain:${secretKey}`),
    archiveDir: join(dataDir, "audit-archive"),
    archiveDays: env.OPS_AUDIT_ARCHIVE_DAYS,
  });
  await audit.init();
  // SMS codes go straight to the provider (OPS_SMS_URL): a sign-in cannot wait in the notification queue
  const sms = env.OPS_SMS_URL ? createHttpSmsTransport({ url: env.OPS_SMS_URL, token: env.OPS_SMS_TOKEN, sender: env.OPS_SMS_SENDER }) : undefined;
  // platform/bus and platform/rate-limit: Redis with REDIS_URL, else PostgreSQL (LISTEN/NOTIFY, rate_limits), else in-process
  const sharedOpts = { redisUrl: env.REDIS_URL, logger: logger.child({ module: "bus" }), prefix: env.OPS_QUEUE_PREFIX };
  const bus = options.shared ? await openBus({ ...sharedOpts, db }) : createLocalBus({ db, logger });
  const limiter = options.shared ? await openRateLimiter({ ...sharedOpts, databaseUrl }) : createRateLimiter();
  const iam = createIam({ env, db, clock, logger, secrets, jwtKey, botKey, audit, limiter, ...(sms ? { sms } : {}) });
  return { env, logger, clock, db, secretKey, secrets, botKey, audit, iam, bus, limiter };
}

/**
 * Wires one process: store, migrations, modules, seed, HTTP app. Used by main.ts and by
 * tests (which pass their own database URL and clock). No module reads env on its own.
 * The first admin is created here unless `firstAdmin: "later"` (main.ts creates it once the
 * server listens, so a start that cannot bind its port leaves no admin whose password nobody saw).
 */
export async function buildSystem(env: Env, options: BuildOptions = {}) {
  const core = await openCore(env, { ...options, shared: true });
  const { logger, clock, db, secretKey, secrets, botKey, audit, iam, bus, limiter } = core;
  if (env.OPS_ROLES.includes("scheduler")) audit.startArchiving();
  const queue = await openQueueDriver({ redisUrl: env.REDIS_URL, db, clock, logger, prefix: env.OPS_QUEUE_PREFIX });
  const metrics = createMetrics(options.metricsDefaults ?? true);
  // /readyz: every role needs the store, the worker role its queue too; main.ts adds the consumers, timers and chat checks
  const readiness = createReadiness();
  readiness.add("store", () => db.ping());
  if (env.OPS_ROLES.includes("worker")) readiness.add("queue", () => queue.ping());

  const envTransports = options.notifyTransports ?? createNotifyTransports({
    smtpUrl: env.SMTP_URL, smtpFrom: env.SMTP_FROM, smsUrl: env.OPS_SMS_URL, smsToken: env.OPS_SMS_TOKEN, smsSender: env.OPS_SMS_SENDER,
    webhookAllowPrivate: env.OPS_WEBHOOK_ALLOW_PRIVATE, webhookAllowHosts: env.OPS_WEBHOOK_ALLOW_HOSTS,
  });
  // Without SMTP_URL (env wins) e-mail goes through the config center's system-smtp record, read per message.
  let config: Config | null = null;
  const notifyTransports = envTransports.mail ? envTransports
    : { ...envTransports, mail: settingsMailTransport(async () => (config ? config.system.smtp() : null), (o) => createSmtpTransport(o)) };
  const notify = createNotify({
    db, clock, logger: logger.child({ module: "notify" }), queue, bus, secrets,
    signingKey: sha256(`ops-notify:${secretKey}`),
    publicUrl: env.OPS_PUBLIC_URL,
    transports: notifyTransports,
    // report digests attach their chart and xlsx by blob key (the store is opened below, before anything is sent)
    files: { get: (key) => blobs.get(key) },
    options: { ...(env.OPS_VAPID_SUBJECT ? { vapidSubject: env.OPS_VAPID_SUBJECT } : {}), ...options.notifyOptions },
  });
  await notify.init();

  // Monitoring: the metrics port and the slow query log other modules report through (created before them);
  // sampling, node reports, rule evaluation and detectors start by role in main.ts (monitor.start).
  const monitor = createMonitor({
    db, clock, logger: logger.child({ module: "monitor" }), queue, audit, registry: metrics.registry,
    node: { id: newId(), roles: env.OPS_ROLES, version: APP_VERSION, host: hostname(), pid: process.pid, startedAt: clock.now() },
    readiness: () => readiness.report(),
    sender: notify, cards: notify.imCards,
    usersOfRole: (roleId) => iam.usersOfRole(roleId),
    userActor: (id) => iam.userActor(id),
    verifyAudit: () => audit.verify(),
    publicUrl: env.OPS_PUBLIC_URL,
    options: { slowQueryMs: env.OPS_SLOW_QUERY_MS, evaluateMs: env.OPS_ALERT_EVALUATE_S * 1000, ...options.monitorOptions },
  });
  // requests feed the monitor's series (api.requests, api.error_rate, api.latency, reports.views) as well as /metrics
  metrics.forward(monitor.parts.metrics.http);

  await iam.seedCatalog();
  // Demo rows of every capability: register a capability's seeder here (api/src/demo/registry.ts).
  const demo = createCoreDemoRegistry();
  demo.register(feedbackDemoSeeder);
  demo.register(jobsDemoSeeder);
  demo.register(flowsDemoSeeder);
  demo.register(ticketsDemoSeeder);
  demo.register(ticketSamplesDemoSeeder);
  demo.register(approvalsDemoSeeder);
  demo.register(configDemoSeeder);
  demo.register(reportsDemoSeeder);
  demo.register(alertsDemoSeeder);
  demo.register(metricsDemoSeeder);
  const seedAdmin = async () => {
    const result = await iam.seedAdmin(env.OPS_ADMIN_PASSWORD);
    // after the first admin, whose inbox the demo fills too; each seeder runs once per database
    if (env.OPS_DEMO) await demo.run({ db, clock, logger, secrets, iam, audit, notify }, options.demoSeeders);
    return result;
  };
  const adminSeed: AdminSeedResult = options.firstAdmin === "later" ? { created: false } : await seedAdmin();

  const chatConsole: ChatConsoleSlot = { current: null };
  const feedback = createFeedback({ db, clock, scope: iam.scope, notify, logger: logger.child({ module: "feedback" }), publicUrl: env.OPS_PUBLIC_URL });
  const help = createHelp({ db, clock, publicUrl: env.OPS_PUBLIC_URL });
  // Its run worker and scheduler start by role in main.ts (jobs.start), like notify's consumers.
  const jobs = createJobs({
    db, clock, scope: iam.scope, queue, cards: notify.imCards, alertSender: notify, logger: logger.child({ module: "jobs" }),
    logTickets: { store: notify.streamTickets, key: sha256(`ops-job-log:${secretKey}`) },
    runsKeepDays: env.OPS_JOB_RUNS_KEEP_DAYS, audit, slowQueries: monitor.slowQueries,
  });
  // Flow steps run through the jobs engine; its sweep starts by role in main.ts (flows.start).
  // A wait node may be an approval gate: approvals is built below, so the gate reaches it through this slot.
  let approvalsSlot: Approvals | null = null;
  const flows = createFlows({
    approvalGate: approvalGateOf(db, iam, () => approvalsSlot),
    db, clock, scope: iam.scope, jobs, cards: notify.imCards, logger: logger.child({ module: "flows" }), runsKeepDays: env.OPS_JOB_RUNS_KEEP_DAYS, audit,
    alertSender: notify,
  });
  // Outbound webhooks share notify's SSRF-guarded transport; their worker starts by role in main.ts (webhooks.start).
  const webhooks = createWebhooks({
    db, clock, logger: logger.child({ module: "webhooks" }), queue, secrets,
    transport: notifyTransports.webhook ?? createWebhookTransport({ allowPrivate: env.OPS_WEBHOOK_ALLOW_PRIVATE, allowHosts: env.OPS_WEBHOOK_ALLOW_HOSTS }),
    options: { retryDelaysMs: env.OPS_WEBHOOK_RETRY_DELAYS.map((s) => s * 1000), timeoutMs: env.OPS_WEBHOOK_TIMEOUT_S * 1000, keepDays: env.OPS_WEBHOOK_KEEP_DAYS, ...options.webhooksOptions },
  });
  // New tasks, decisions and urges reach people through notify; posted approval cards follow every decision;
  // comment attachments go to the blob store (OPS_DATA_DIR/blobs, keys under approvals/).
  // approvals' and tickets' attachments: OPS_DATA_DIR/blobs, or an S3-compatible bucket (OPS_BLOB_DRIVER=s3)
  const blobs = openBlobStore(env);
  const approvals = createApprovals({
    db, clock, sender: notify, cards: notify.imCards, webhooks, blobs, logger: logger.child({ module: "approvals" }),
    audit, attachmentMaxBytes: env.OPS_ATTACHMENT_MAX_BYTES,
    // internal hooks start saved jobs and flows (trigger approval); flows' approval gates hear each ended approval
    hookTargets: hookTargetsOf(jobs, flows),
  });
  approvalsSlot = approvals;
  linkApprovalGates(approvals, flows);
  // Tickets keep attachments in the blob store (OPS_DATA_DIR/blobs); its SLA sweep starts by role in main.ts (tickets.start).
  const tickets = createTickets({
    db, clock, scope: iam.scope, notify, cards: notify.imCards, blobs,
    logger: logger.child({ module: "tickets" }), publicUrl: env.OPS_PUBLIC_URL, attachmentMaxBytes: env.OPS_ATTACHMENT_MAX_BYTES,
  });
  // Config center: tables, records, versions; images in the blob store (keys config/<table id>/<upload id>).
  config = createConfig({
    db, clock, scope: iam.scope, secrets, blobs, uploadMaxBytes: env.OPS_ATTACHMENT_MAX_BYTES, logger: logger.child({ module: "config" }), audit,
  });
  // Config releases: edits of approval tables become change sets approved through the config-release definition
  // (created at start); direct writes and rollbacks are released at once; the due-release pass starts by role in main.ts.
  const releaseApprovals = releaseApprovalsOf(db, () => approvals, (id) => iam.userActor(id));
  const configRelease = createConfigRelease({
    db, clock, logger: logger.child({ module: "config-release" }), data: config.data, approvals: releaseApprovals, sender: notify, audit,
    publicUrl: env.OPS_PUBLIC_URL, userActor: (id) => iam.userActor(id),
  });
  config.setGate(configRelease.gate);
  linkReleaseApprovals(approvals, configRelease);
  await configRelease.init();
  // The built-in system tables (SMTP, IM credentials, security policy) every start; IAM writes its policy through them.
  await config.system.init();
  const configCenter = config;
  useSecurityWriter(db, (value, actor) => configCenter.system.writeSecurity(value, actor));
  // The home workbench reads other modules only through what is passed here; later modules register their widgets the same way.
  const workbench = createWorkbench({ clock, logger: logger.child({ module: "workbench" }) });
  registerCoreWidgets(workbench.register, {
    inbox: notify.inbox, channels: notify.channels, audit, attention: iam.attention, feedback, chatPlatforms: chatPlatformsOf(env, config),
  });
  for (const widget of jobsWidgets(db)) workbench.register(widget);
  for (const widget of flowsWidgets(db)) workbench.register(widget);
  for (const widget of ticketsWidgets(tickets)) workbench.register(widget);
  for (const widget of approvalsWidgets(approvals)) workbench.register(widget);
  for (const widget of configReleaseWidgets(db, releaseApprovals)) workbench.register(widget);
  // Consumers read releases at GET /config/{table}/published; long-polls wake on releases of any process.
  const configConsumers = createConfigConsumers({ db, clock, logger: logger.child({ module: "config-consumers" }), data: config.data, releases: configRelease });
  // Reports: datasources, datasets, reports, exports, subscriptions; export and delivery jobs and the due pass start by role in main.ts.
  const reports = createReports({
    db, clock, scope: iam.scope, secrets, blobs, queue, logger: logger.child({ module: "reports" }), publicUrl: env.OPS_PUBLIC_URL,
    uploadMaxBytes: env.OPS_ATTACHMENT_MAX_BYTES, userActor: (id) => iam.userActor(id),
    sender: notify, audit, signingKey: sha256(`ops-reports:${secretKey}`), slowQueries: monitor.slowQueries,
    chartFonts: { files: env.OPS_CHART_FONTS, ...(env.OPS_CHART_FONT_FAMILY ? { family: env.OPS_CHART_FONT_FAMILY } : {}) },
  });
  for (const widget of reportsWidgets(db, reports.reader)) workbench.register(widget);
  for (const widget of alertsWidgets(db)) workbench.register(widget);
  const { app } = createApp({
    db, logger, metrics, iam, audit, notify, feedback, help, chatConsole, workbench, jobs, flows, approvals, tickets, webhooks, config, configRelease, configConsumers, reports, monitor,
    readiness,
    attachmentMaxBytes: env.OPS_ATTACHMENT_MAX_BYTES,
    corsOrigins: env.OPS_CORS_ORIGINS,
    trustProxy: env.OPS_TRUST_PROXY,
    pwaDist: env.OPS_PWA_DIST ?? resolve(import.meta.dir, "../../pwa/dist"),
    ...(env.OPS_METRICS_TOKEN ? { metricsToken: env.OPS_METRICS_TOKEN } : {}),
  });
  return {
    app, db, queue, bus, readiness, botKey, iam, audit, notify, feedback, adminSeed, seedAdmin, demo, clock, logger, chatConsole, env, workbench, jobs, flows, approvals, tickets, webhooks, config, configRelease, configConsumers, reports, monitor,
    async close() {
      await monitor.stop();
      await reports.stop();
      configRelease.stop();
      config?.stop();
      configConsumers.stop();
      tickets.stop();
      approvals.timeouts.stop();
      await webhooks.stop();
      await flows.stop();
      await jobs.stop();
      await notify.stop();
      await audit.stop();
      await queue.close();
      await bus.close();
      await limiter.close?.();
      await db.close();
    },
  };
}

/**
 * The chat platforms whose credentials are set: the same tests as the bot's adapters (bot/src/adapters/from-env.ts),
 * which the API does not import (DESIGN.md §3.5): env, else the system-im record the bot reads at its start.
 */
function chatPlatformsOf(env: Env, config: Config): () => Promise<ChatPlatform[]> {
  return async () => {
    const stored = await config.system.imPlatforms();
    return (["slack", "feishu", "dingtalk"] as const).filter((p) => envPlatforms(env).includes(p) || stored.includes(p));
  };
}

/** The platforms env alone configures. */
function envPlatforms(env: Env): ChatPlatform[] {
  const platforms: ChatPlatform[] = [];
  if (env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) platforms.push("slack");
  if (env.FEISHU_APP_ID && env.FEISHU_APP_SECRET) platforms.push("feishu");
  if (env.DINGTALK_CLIENT_ID && env.DINGTALK_CLIENT_SECRET) platforms.push("dingtalk");
  return platforms;
}

/** Without OPS_SECRET_KEY a single node keeps a generated key in its data dir (0600). */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, "secret.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const key = randomToken(32);
  writePrivateFile(file, key);
  return key;
}

/** The database file of a `sqlite://` URL (none for PostgreSQL or in-memory SQLite). */
function sqliteFileOf(url: string): string | null {
  if (!url.startsWith("sqlite:") || url.includes(":memory:")) return null;
  const path = url.replace(/^sqlite:(\/\/)?/, "");
  return path === "" ? null : resolve(path);
}
