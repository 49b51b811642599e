// `import { z } from "zod"` is undefined under vitest on Bun; the namespace import works everywhere.
import * as z from "zod";

/**
 * The only reader of process env. Parsed once at start; every missing or malformed
 * variable is reported at once. Values are passed down as `Env`.
 */
const roles = z.enum(["web", "worker", "scheduler", "bot"]);

const optionalUrl = z.string().url().optional().or(z.literal("").transform(() => undefined));

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default("0.0.0.0"),
  OPS_DATA_DIR: z.string().default("./data"),
  OPS_ADMIN_PASSWORD: z.string().min(1).optional(),
  OPS_DEMO: z.enum(["0", "1", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true"),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: optionalUrl,
  /** BullMQ key prefix, so several installations can share one Redis */
  OPS_QUEUE_PREFIX: z.string().regex(/^[\w-]{1,50}$/).default("ops"),
  /** PostgreSQL connections per process */
  OPS_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** what this process does: web (API, PWA), worker (queue consumers), scheduler (timers), bot (chat intake) */
  OPS_ROLES: z
    .string()
    .default("web,worker,scheduler,bot")
    .transform((s) => [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.string()).superRefine((list, ctx) => {
      // one message naming the unknown roles and the known ones (zod's would name an index)
      const unknown = list.filter((r) => !roles.options.includes(r as never));
      if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown role ${unknown.map((r) => `"${r}"`).join(", ")}: use a comma-separated list of ${roles.options.join(", ")}` });
      else if (!list.length) ctx.addIssue({ code: "custom", message: `no role: use a comma-separated list of ${roles.options.join(", ")}` });
    }))
    .transform((list) => list as Array<z.infer<typeof roles>>),
  /** seconds a SIGTERM/SIGINT shutdown may take before the process exits anyway (below Kubernetes' 30 s grace) */
  OPS_SHUTDOWN_TIMEOUT_S: z.coerce.number().int().min(1).max(3600).default(25),
  OPS_SECRET_KEY: z.string().min(16).optional(),
  OPS_PUBLIC_URL: optionalUrl,
  /** audit and login log rows older than this many days move to OPS_DATA_DIR/audit-archive (0: never automatically) */
  OPS_AUDIT_ARCHIVE_DAYS: z.coerce.number().int().min(0).max(36500).default(180),
  // directory sync from Feishu/DingTalk (when their app credentials are set) every this many hours on the scheduler role; 0: on demand only
  OPS_DIRECTORY_SYNC_HOURS: z.coerce.number().int().min(0).max(720).default(24),
  /** job runs (and their logs) that ended more than this many days ago are deleted daily, each job's latest 20 kept (0: kept forever) */
  OPS_JOB_RUNS_KEEP_DAYS: z.coerce.number().int().min(0).max(36500).default(90),
  /** report and SQL-job statements at least this slow (ms) are kept in the slow query log (monitor) */
  OPS_SLOW_QUERY_MS: z.coerce.number().int().min(1).max(3_600_000).default(1000),
  // how often the scheduler role evaluates alert rules and runs the security detectors
  OPS_ALERT_EVALUATE_S: z.coerce.number().int().min(1).max(3600).default(30),
  /** when set, `/metrics` (Prometheus) answers only `Authorization: Bearer <token>` (401 otherwise) */
  OPS_METRICS_TOKEN: z.string().min(16).max(500).optional(),
  OPS_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean)),
  OPS_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  OPS_PWA_DIST: z.string().optional(),
  /** where attachments are kept: disk (OPS_DATA_DIR/blobs) or s3 (an S3-compatible bucket, OPS_S3_*) */
  OPS_BLOB_DRIVER: z.enum(["disk", "s3"]).default("disk"),
  /** S3 API base, e.g. http://minio:9000 (default: AWS for OPS_S3_REGION) */
  OPS_S3_ENDPOINT: optionalUrl,
  OPS_S3_BUCKET: z.string().optional(),
  OPS_S3_REGION: z.string().default("us-east-1"),
  OPS_S3_ACCESS_KEY_ID: z.string().optional(),
  OPS_S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** path-style URLs (endpoint/bucket/key), as MinIO and most self-hosted stores want */
  OPS_S3_FORCE_PATH_STYLE: z.enum(["0", "1", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true"),
  /** per-file cap of comment attachments (approvals, tickets); their upload routes take up to 3 such files, other routes keep the 1 MiB body limit */
  OPS_ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** report chart images: font files (comma-separated) and the family name to draw with; default Droid Sans Fallback + DejaVu, else Noto Sans CJK */
  OPS_CHART_FONTS: z.string().optional().transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean)),
  OPS_CHART_FONT_FAMILY: z.string().optional(),
  /** trust X-Forwarded-For (behind a reverse proxy or the edge worker) */
  OPS_TRUST_PROXY: z.enum(["0", "1", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true"),
  /** shared with the edge worker (wrangler.toml): chat callbacks it forwards carry `X-OPS-Edge`, checked with this; a bad mark is refused 401 */
  OPS_EDGE_SECRET: z.string().min(16).optional(),
  // SSO: OIDC
  OPS_OIDC_ISSUER: optionalUrl,
  OPS_OIDC_CLIENT_ID: z.string().optional(),
  OPS_OIDC_CLIENT_SECRET: z.string().optional(),
  OPS_OIDC_NAME: z.string().default("SSO"),
  OPS_OIDC_SCOPES: z.string().default("openid profile email"),
  /** create an OPS user (no roles, root department) at first OIDC sign-in when none matches */
  OPS_OIDC_AUTO_CREATE: z.enum(["0", "1", "true", "false"]).optional().transform((v) => v === "1" || v === "true"),
  // SSO: Feishu / DingTalk / WeCom sign-in (OAuth). Feishu and DingTalk reuse the chat app's credentials
  // (FEISHU_APP_ID/SECRET, DINGTALK_CLIENT_ID/SECRET) so the identity a sign-in binds is the one the bot sees;
  // each is offered on the login page only when switched on (its redirect URL must be registered on the platform).
  OPS_SSO_FEISHU: z.enum(["0", "1", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true"),
  OPS_SSO_DINGTALK: z.enum(["0", "1", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true"),
  OPS_SSO_WECOM: z.enum(["0", "1", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true"),
  /** create an OPS user (no roles, root department) at a first Feishu/DingTalk/WeCom sign-in nobody matches */
  OPS_SSO_IM_AUTO_CREATE: z.enum(["0", "1", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true"),
  /** WeCom (企业微信) self-built app: corp id, the app's AgentId and Secret */
  WECOM_CORP_ID: z.string().optional(),
  WECOM_AGENT_ID: z.string().optional(),
  WECOM_SECRET: z.string().optional(),
  /** WeCom API base (default https://qyapi.weixin.qq.com); a stand-in also serves the QR login page */
  WECOM_API_URL: optionalUrl,
  // SSO: LDAP / AD
  OPS_LDAP_URL: z.string().optional(),
  OPS_LDAP_BIND_DN: z.string().optional(),
  OPS_LDAP_BIND_PASSWORD: z.string().optional(),
  OPS_LDAP_BASE_DN: z.string().optional(),
  OPS_LDAP_USER_FILTER: z.string().default("(|(uid={{username}})(sAMAccountName={{username}}))"),
  OPS_LDAP_NAME: z.string().default("LDAP"),
  // Notification center (email and SMS fail over to the next channel when unset)
  /** e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465 */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "smtp:// or smtps:// URL").optional(),
  SMTP_FROM: z.string().default("OPS <noreply@localhost>"),
  /** HTTP SMS provider: POST {to, text, sender} as JSON, Bearer OPS_SMS_TOKEN */
  OPS_SMS_URL: optionalUrl,
  OPS_SMS_TOKEN: z.string().optional(),
  OPS_SMS_SENDER: z.string().optional(),
  /** VAPID contact for push services: mailto: or https: */
  OPS_VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, "mailto: or https: URL").optional(),
  /** webhooks may reach loopback, link-local and private addresses (off: refused at configuration and at send) */
  OPS_WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true"),
  /** private targets webhooks may reach while the rest stay refused: host names, *.suffix, IPs, CIDRs (comma-separated) */
  OPS_WEBHOOK_ALLOW_HOSTS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean)),
  /** outbound webhooks (modules/webhooks): seconds before each retry after a failed attempt, comma-separated */
  OPS_WEBHOOK_RETRY_DELAYS: z
    .string()
    .default("10,60,300,1800,7200")
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean).map(Number))
    .pipe(z.array(z.number().int().min(1).max(86_400)).max(20)),
  /** outbound webhooks: one attempt's time limit in seconds */
  OPS_WEBHOOK_TIMEOUT_S: z.coerce.number().int().min(1).max(60).default(10),
  /** outbound webhooks: finished deliveries (delivered or failed) older than this many days are deleted hourly with their attempts (0: kept forever) */
  OPS_WEBHOOK_KEEP_DAYS: z.coerce.number().int().min(0).max(36500).default(30),
  // Chat platforms (DESIGN.md §5): an adapter starts when its credentials are set
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  /** Socket Mode (xapp-…) instead of the HTTP endpoint */
  SLACK_APP_TOKEN: z.string().optional(),
  /** Web API base, for local stand-ins (default https://slack.com/api/) */
  SLACK_API_URL: optionalUrl,
  FEISHU_APP_ID: z.string().optional(),
  FEISHU_APP_SECRET: z.string().optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().optional(),
  FEISHU_ENCRYPT_KEY: z.string().optional(),
  /** open API base: https://open.feishu.cn (default), https://open.larksuite.com or a local stand-in */
  FEISHU_DOMAIN: optionalUrl,
  FEISHU_MODE: z.enum(["webhook", "ws"]).default("webhook"),
  DINGTALK_CLIENT_ID: z.string().optional(),
  DINGTALK_CLIENT_SECRET: z.string().optional(),
  /** OpenAPI base (default https://api.dingtalk.com) */
  DINGTALK_API_URL: optionalUrl,
  /** Stream gateway (connections/open) URL, for local stand-ins */
  DINGTALK_GATEWAY_URL: optionalUrl,
  /** stream (default) or http (robot callbacks POSTed to /bot/dingtalk/events) */
  DINGTALK_MODE: z.enum(["stream", "http"]).default("stream"),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (`OPS_ADMIN_PASSWORD=` in a compose file) means unset.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return result.data;
}
